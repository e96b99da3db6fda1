package org.issueledger.command.relay;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.constraints.Min;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operator's repair: re-publish the event store to Kafka from a global position (see {@link Republisher}). */
@RestController
@RequestMapping("/api/admin/republish")
class RepublishController {

    private final Republisher republisher;

    RepublishController(Republisher republisher) {
        this.republisher = republisher;
    }

    /** 202 with the job; follow it at its Location. 0 re-publishes the whole log. */
    @PostMapping
    ResponseEntity<Republisher.Progress> start(@RequestParam @Min(0) long fromPosition) {
        Republisher.Progress job = republisher.start(fromPosition);
        return ResponseEntity.accepted().location(URI.create("/api/admin/republish/" + job.id())).body(job);
    }

    @GetMapping("/{id}")
    Republisher.Progress progress(@PathVariable UUID id) {
        return republisher.progress(id);
    }

    @ExceptionHandler(Republisher.AlreadyRunning.class)
    ProblemDetail alreadyRunning(Republisher.AlreadyRunning e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Re-publish already running");
        problem.setProperty("runningJob", e.running);
        return problem;
    }

    @ExceptionHandler(Republisher.UnknownJob.class)
    ProblemDetail unknownJob(Republisher.UnknownJob e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Unknown re-publish job");
        return problem;
    }
}

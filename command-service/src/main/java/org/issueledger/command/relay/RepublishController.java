package org.issueledger.command.relay;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.constraints.Min;

import io.swagger.v3.oas.annotations.Operation;
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
    @Operation(summary = "Re-publish the event store to Kafka from a global position",
            description = "Starts a job that sends every issue event from fromPosition (0 = all) up to the last "
                    + "event stored now, exactly as the relay does, waiting for each acknowledgement; the relay is "
                    + "paused meanwhile. 202 with the job and its Location; 409 while another job runs; 400 for a "
                    + "missing or negative fromPosition.")
    @PostMapping
    ResponseEntity<Republisher.Progress> start(@RequestParam @Min(0) long fromPosition) {
        Republisher.Progress job = republisher.start(fromPosition);
        return ResponseEntity.accepted().location(URI.create("/api/admin/republish/" + job.id())).body(job);
    }

    @Operation(summary = "Progress of a re-publish job",
            description = "State RUNNING | COMPLETED | FAILED, events read / sent of total, rate. 404 for a job "
                    + "this instance does not know (jobs are kept in memory).")
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

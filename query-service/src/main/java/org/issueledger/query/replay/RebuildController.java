package org.issueledger.query.replay;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.issueledger.query.consuming.ReadModel;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/admin/rebuilds} starts a rebuild of some read models (or all) from the beginning of
 * {@code issue-events}; {@code GET} follows it. The live tables keep answering until the swap.
 */
@RestController
@RequestMapping("/api/admin")
class RebuildController {

    private final Rebuilds rebuilds;

    RebuildController(Rebuilds rebuilds) {
        this.rebuilds = rebuilds;
    }

    @PostMapping("/rebuilds")
    ResponseEntity<RebuildStatus> start(@RequestBody RebuildRequest request) {
        RebuildStatus started = rebuilds.start(request.readModels());
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/api/admin/rebuilds/" + started.id()))
                .body(started);
    }

    @GetMapping("/rebuilds/{id}")
    RebuildStatus status(@PathVariable UUID id) {
        return rebuilds.status(id).orElseThrow(() -> {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No rebuild with id " + id);
            problem.setTitle("Unknown rebuild");
            return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
        });
    }

    /** The latest rebuilds, newest first. */
    @GetMapping("/rebuilds")
    List<RebuildStatus> latest() {
        return rebuilds.latest();
    }

    /** What can be rebuilt, and the tables each read model owns. */
    @GetMapping("/read-models")
    List<ReadModel> readModels() {
        return rebuilds.readModels();
    }

    /** @param readModels names from {@code GET /api/admin/read-models}, or {@code "all"} */
    record RebuildRequest(List<String> readModels) {
    }
}

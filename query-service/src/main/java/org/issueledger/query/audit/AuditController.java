package org.issueledger.query.audit;

import java.util.List;
import java.util.UUID;

import org.issueledger.query.consuming.Freshness;
import org.issueledger.query.consuming.ProjectionProgress;
import org.issueledger.query.web.UnknownIssue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/audit")
class AuditController {

    private final AuditEntries entries;
    private final ProjectionProgress progress;

    AuditController(AuditEntries entries, ProjectionProgress progress) {
        this.entries = entries;
        this.progress = progress;
    }

    @GetMapping("/issues/{id}")
    AuditTrail issueTrail(@PathVariable UUID id) {
        Freshness freshness = progress.freshness();
        List<AuditEntry> trail = entries.ofIssue(id);
        if (trail.isEmpty()) {
            throw new UnknownIssue(id);
        }
        return new AuditTrail(id, trail, freshness);
    }

    record AuditTrail(UUID issueId, List<AuditEntry> entries, Freshness freshness) {
    }
}

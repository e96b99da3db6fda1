package org.issueledger.command.audit;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Integrity proof for auditors: is an issue's stored history the one that was written? */
@RestController
class AuditController {

    private final ChainVerifier verifier;

    AuditController(ChainVerifier verifier) {
        this.verifier = verifier;
    }

    /** 200 whether the chain holds or not: a broken chain is a finding, not an error. 404 for an unknown issue. */
    @Operation(summary = "Verify an issue's hash chain",
            description = "Recomputes the SHA-256 chain from the stored rows. 200 with ok=true, the event count and "
                    + "the last hash; or ok=false and brokenLink (sequence, problem CONTENT_ALTERED | LINK_BROKEN | "
                    + "SEQUENCE_GAP | HASH_MISSING, expected, found). Events stored before chaining existed are "
                    + "counted in unchainedEvents. 404 problem+json for an unknown issue.")
    @GetMapping("/api/audit/issues/{id}/verify")
    ChainVerifier.Verification verify(@PathVariable UUID id) {
        return verifier.verify(id.toString());
    }
}

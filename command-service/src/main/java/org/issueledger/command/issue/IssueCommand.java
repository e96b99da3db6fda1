package org.issueledger.command.issue;

import java.time.Instant;
import java.util.UUID;

/**
 * What every command on an issue carries. {@code occurredAt} is business time, stamped by the edge
 * (from the sender, or the edge's clock) — the aggregate never reads a clock.
 */
sealed interface IssueCommand
        permits CreateIssue, AssignOwner, AssignTeam, AddCoHandler, RemoveCoHandler, AcknowledgeIssue, StartWork, AddComment,
                ChangePriority, Reclassify, PutOnHold, Resume, Escalate, Resolve, VerifyResolution, Close, Reopen,
                Cancel {

    UUID issueId();

    Instant occurredAt();

    String actor();
}

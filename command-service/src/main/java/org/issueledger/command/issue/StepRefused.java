package org.issueledger.command.issue;

/**
 * One step of an imported case was refused: which one, and the refusal (its message is the refusal's). The
 * events the case applied before it go with the unit of work that rolls back.
 */
final class StepRefused extends RuntimeException {

    final int step;

    StepRefused(int step, RuntimeException refusal) {
        super(refusal.getMessage(), refusal, false, false);
        this.step = step;
    }
}

package org.issueledger.query.consuming;

/**
 * Whether a replay of the whole log into fresh tables is under way. An operator's retry or discard of a dead
 * letter must wait for it: the replay may have passed that record already, set it aside as the live consumer had,
 * and would then swap in tables without what the retry applied to the live ones.
 */
public interface Replays {

    /** Within the caller's transaction. */
    boolean inProgress();
}

package org.caseload.ingest;

/**
 * Told of each chunk of an inbox file that staging has written, inside the chunk's transaction
 * (an exception fails the chunk, and the step). Beans of this type are called by every staging
 * worker step; the tests use one to fail a run part-way.
 */
interface StagedChunkListener {

    void staged(InboxFile file, int rows);
}

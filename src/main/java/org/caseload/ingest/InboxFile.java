package org.caseload.ingest;

import java.nio.file.Path;

/** An inbox file registered for loading by the current run. */
public record InboxFile(long fileId, InboxKind kind, Path path, String sha256) {

    public String name() {
        return path.getFileName().toString();
    }
}

package org.caseload.cli;

/** The command line is wrong: say what, show the usage, exit 2. */
class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}

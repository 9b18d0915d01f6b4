package org.caseload;

/** What went wrong, in words an operator can act on, from an exception and its causes. */
public final class Failures {

    private Failures() {
    }

    public static Throwable rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** The root cause's message, after the outer message when that one adds something. */
    public static String message(Throwable t) {
        Throwable root = rootCause(t);
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return root == t || t.getMessage() == null || t.getMessage().contains(message) ? message
                : t.getMessage() + ": " + message;
    }
}

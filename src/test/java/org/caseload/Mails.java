package org.caseload;

import java.util.ArrayList;
import java.util.List;

import jakarta.mail.Multipart;
import jakarta.mail.Part;

/** Reading received emails in tests. */
public final class Mails {

    private Mails() {
    }

    /** The HTML body, decoded, or null. */
    public static String html(Part part) throws Exception {
        if (part.isMimeType("text/html")) {
            return (String) part.getContent();
        }
        if (part.getContent() instanceof Multipart parts) {
            for (int i = 0; i < parts.getCount(); i++) {
                String found = html(parts.getBodyPart(i));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The file names of the attachments. */
    public static List<String> attachments(Part message) throws Exception {
        List<String> names = new ArrayList<>();
        if (message.getContent() instanceof Multipart parts) {
            for (int i = 0; i < parts.getCount(); i++) {
                Part part = parts.getBodyPart(i);
                if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                    names.add(part.getFileName());
                } else {
                    names.addAll(attachments(part));
                }
            }
        }
        return names;
    }
}

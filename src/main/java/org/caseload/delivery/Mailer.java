package org.caseload.delivery;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.caseload.PracticeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.FileSystemResource;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends a workbook email over SMTP (Spring Boot's {@code spring.mail.*}): an HTML body readable
 * without the attachments, the workbooks attached. A failed send is tried again, then reported;
 * the workbooks stay on disk either way. Subjects, bodies and logs name clinicians and months,
 * never a client.
 */
@Component
public class Mailer {

    private static final Logger log = LoggerFactory.getLogger(Mailer.class);
    static final int ATTEMPTS = 3;

    private final ObjectProvider<JavaMailSender> sender;
    private final PracticeConfig config;
    private final Duration retryDelay;

    @org.springframework.beans.factory.annotation.Autowired
    Mailer(ObjectProvider<JavaMailSender> sender, PracticeConfig config) {
        this(sender, config, Duration.ofSeconds(2));
    }

    Mailer(ObjectProvider<JavaMailSender> sender, PracticeConfig config, Duration retryDelay) {
        this.sender = sender;
        this.config = config;
        this.retryDelay = retryDelay;
    }

    /** Sends one message; throws {@link DeliveryException} after the last failed attempt. */
    public void send(List<String> to, String subject, String html, List<Path> attachments) {
        JavaMailSender mail = sender.getIfAvailable();
        if (mail == null) {
            throw new DeliveryException("No mail server is configured: set spring.mail.host (and port, username, "
                    + "password) to send; the workbooks are on disk");
        }
        if (to.isEmpty()) {
            throw new DeliveryException("No recipients: the caseload.mail list for this email is empty");
        }
        String from = config.properties().mail().from();
        MailException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                mail.send(message(mail, from, to, subject, html, attachments));
                log.info("Sent \"{}\" to {} recipient(s) with {} attachment(s)", subject, to.size(), attachments.size());
                return;
            } catch (MailException e) {
                last = e;
                log.warn("Sending \"{}\" failed (attempt {} of {}): {}", subject, attempt, ATTEMPTS, e.getMessage());
                if (attempt < ATTEMPTS) {
                    sleep(retryDelay.multipliedBy(attempt));
                }
            }
        }
        throw new DeliveryException("Could not send \"" + subject + "\" after " + ATTEMPTS + " attempts: "
                + last.getMessage() + "; the workbooks are on disk", last);
    }

    private static MimeMessage message(JavaMailSender mail, String from, List<String> to, String subject, String html,
            List<Path> attachments) {
        try {
            MimeMessage message = mail.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
            if (from != null) {
                helper.setFrom(from);
            }
            helper.setTo(to.toArray(String[]::new));
            helper.setSubject(subject);
            helper.setText(html, true);
            for (Path file : attachments) {
                helper.addAttachment(file.getFileName().toString(), new FileSystemResource(file));
            }
            return message;
        } catch (MessagingException e) {
            throw new DeliveryException("Cannot build the email \"" + subject + "\": " + e.getMessage(), e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("Interrupted while waiting to send again", e);
        }
    }

    /** A send that failed for good. */
    public static class DeliveryException extends RuntimeException {
        public DeliveryException(String message) {
            super(message);
        }

        public DeliveryException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

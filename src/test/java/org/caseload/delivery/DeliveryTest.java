package org.caseload.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.caseload.TestDatabase;
import static org.caseload.Mails.attachments;
import static org.caseload.Mails.html;
import org.caseload.cli.Cli;
import org.caseload.generate.PracticeGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** --send end to end from the command line, against a real SMTP server (GreenMail). */
class DeliveryTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP);

    @TempDir
    Path tmp;

    record Result(int status, String out, String err) {
    }

    private Result caseload(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--spring.datasource.url=" + TestDatabase.url(), "--spring.datasource.username=postgres",
                "--reports", tmp.resolve("reports").toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Cli.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void practice() throws Exception {
        TestDatabase.reset();
        Path inbox = tmp.resolve("inbox");
        PracticeGenerator.generate(new PracticeGenerator.Settings(30, 10, 2, LocalDate.of(2026, 11, 6),
                ZoneId.of("America/New_York"), List.of("salaried", "split-60", "base-plus", "tiered", "fee-for-service")),
                inbox);
        assertThat(caseload("etl", "--inbox", inbox.toString(), "--as-of", "2026-11-06").status()).isZero();
    }

    @Test
    void payrollAndCheckinsAreEmailedToTheirRecipientsWithTheWorkbooksAndNoClientId() throws Exception {
        practice();
        String smtp = "--spring.mail.port=" + ServerSetupTest.SMTP.getPort();

        Result payroll = caseload("payroll", "--month", "2026-10", "--send", "--spring.mail.host=localhost", smtp);
        Result checkins = caseload("checkins", "--month", "2026-10", "--send", "--spring.mail.host=localhost", smtp);

        assertThat(payroll.status()).as(payroll.err()).isZero();
        assertThat(checkins.status()).as(checkins.err()).isZero();
        assertThat(mail.waitForIncomingEmail(10_000, 3)).isTrue();
        MimeMessage[] received = mail.getReceivedMessages();
        // payroll: one message; check-ins: practice health + 30 check-ins in messages of 25 = 3 messages
        assertThat(received).hasSize(4);
        MimeMessage p = received[0];
        assertThat(p.getAllRecipients()[0].toString()).isEqualTo("payroll@riverbend.example");
        assertThat(p.getFrom()[0].toString()).isEqualTo("reports@riverbend.example");
        assertThat(p.getSubject()).isEqualTo("Riverbend Counseling: payroll 2026-10 (draft)");
        assertThat(attachments(p)).containsExactly("payroll-2026-10.xlsx");
        assertThat(html(p)).contains("Total pay").contains("2026-10-01 to 2026-10-31");
        List<String> ownerAttachments = new ArrayList<>();
        for (int i = 1; i < 4; i++) {
            assertThat(received[i].getAllRecipients()[0].toString()).isEqualTo("owner@riverbend.example");
            ownerAttachments.addAll(attachments(received[i]));
        }
        assertThat(received[1].getSubject()).isEqualTo("Riverbend Counseling: practice health 2026-10 (1 of 3)");
        assertThat(html(received[1])).contains("Flags of the month");
        assertThat(ownerAttachments).hasSize(31).contains("practice-health-2026-10.xlsx", "check-in-2026-10-C0001.xlsx");
        for (MimeMessage m : received) {
            assertThat(m.getSubject() + html(m)).doesNotContainPattern("CL\\d{4}-");
        }
    }

    @Test
    void aFailedSendIsRetriedThenReportedAndTheWorkbookStays() throws Exception {
        practice();

        Result payroll = caseload("payroll", "--month", "2026-10", "--send", "--spring.mail.host=localhost",
                "--spring.mail.port=1");   // nothing listens there

        assertThat(payroll.status()).isEqualTo(1);
        assertThat(payroll.err()).contains("after 3 attempts").contains("workbooks are on disk");
        assertThat(tmp.resolve("reports/2026-10/payroll-2026-10.xlsx")).isRegularFile();
    }
}

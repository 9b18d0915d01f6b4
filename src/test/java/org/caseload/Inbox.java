package org.caseload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A test inbox: files written from lines of text. */
public final class Inbox {

    public final Path dir;

    public Inbox(Path dir) {
        this.dir = dir;
    }

    public Inbox file(String name, String... lines) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of a header line and these rows. */
    public Inbox file(String name, String header, List<String> rows) {
        List<String> lines = new ArrayList<>(rows.size() + 1);
        lines.add(header);
        lines.addAll(rows);
        return file(name, lines.toArray(String[]::new));
    }

    public Inbox remove(String name) {
        try {
            Files.delete(dir.resolve(name));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static final String ROSTER_HEADER = "clinician_id,full_name,email,hire_date,end_date,weekly_available_hours,specialty,pay_plan,effective_date";
    public static final String APPOINTMENT_HEADER = "appointment_id,clinician_id,client_id,start,duration_minutes,service_code,status,cancelled_at,group_id,charge";
    public static final String PAYMENT_HEADER = "payment_id,appointment_id,posted_date,amount,payer,kind";
    public static final String TIME_OFF_HEADER = "clinician_id,date,hours,kind";

    /** A roster of one clinician, C1, hired 2026-01-05, 30 hours, plan split-60. */
    public Inbox roster() {
        return file("clinicians.csv", ROSTER_HEADER, "C1,Ada Lovelace,ada@x.example,2026-01-05,,30,,split-60,");
    }
}

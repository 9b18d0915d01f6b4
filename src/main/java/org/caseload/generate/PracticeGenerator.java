package org.caseload.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes the inbox files of a synthetic group practice that behaves like a real one: a roster
 * with staggered hire dates (some still ramping up, one leaving, one changing hours), every
 * configured plan in use, a realistic mix of sessions and groups, no-shows and late cancels near
 * 13% with one clinician clearly worse, PTO and practice holidays, insurance paying 2-6 weeks
 * late, a few refunds, one clinician near burnout, one low for several weeks, a later file of
 * status updates, and a handful of bad rows of every kind.
 * <p>
 * Deterministic: the same settings give the same bytes (each clinician draws from a random
 * stream seeded by the seed and its own number, and files are written in a fixed order).
 */
public final class PracticeGenerator {

    /** What to generate. {@code plans} are the plan names to assign, in rotation. */
    public record Settings(int clinicians, int weeks, long seed, LocalDate end, ZoneId zone, List<String> plans) {
        public Settings {
            if (clinicians < 1) {
                throw new IllegalArgumentException("--clinicians must be at least 1");
            }
            if (weeks < 1) {
                throw new IllegalArgumentException("--weeks must be at least 1");
            }
            if (plans.isEmpty()) {
                throw new IllegalArgumentException("the configuration has no plans to assign");
            }
        }
    }

    /** Files written and rows in them. */
    public record Result(Map<String, Integer> rowsByFile) {
        public int appointmentRows() {
            return rowsByFile.entrySet().stream().filter(e -> e.getKey().startsWith("appointments"))
                    .mapToInt(Map.Entry::getValue).sum();
        }
    }

    private static final String[] FIRST = {"Avery", "Jordan", "Maya", "Elena", "Samuel", "Priya", "Noah", "Grace",
        "Daniel", "Leah", "Marcus", "Sofia", "Owen", "Hannah", "Isaac", "Nadia", "Caleb", "Ruth", "Theo", "Alma",
        "Felix", "Irene", "Jonah", "Clara", "Rafael", "Vera", "Simon", "Lucia", "Adrian", "Mira"};
    private static final String[] LAST = {"Okafor", "Lindqvist", "Haddad", "Moreau", "Castillo", "Nakamura",
        "Brennan", "Osei", "Kowalski", "Ferreira", "Abernathy", "Szabo", "Delgado", "Whitfield", "Rahman", "Ivanova",
        "Thornton", "Mensah", "Galloway", "Achebe", "Holm", "Varga", "Quintero", "Sato", "Pereira", "Lowell"};
    private static final String[] SPECIALTIES = {"Anxiety and depression", "Trauma (EMDR)", "Couples",
        "Child and adolescent", "Eating disorders", "Substance use", "Grief", "OCD (ERP)"};
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");

    private final Settings s;
    private final LocalDate firstMonday;
    private final TreeSet<LocalDate> holidays = new TreeSet<>();
    private final Files_ files;
    /** The first payment written, repeated among the bad rows (once identical, once changed). */
    private Object[] firstPayment;

    private PracticeGenerator(Settings settings, Path out) {
        this.s = settings;
        LocalDate endMonday = settings.end().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        this.firstMonday = endMonday.minusWeeks(settings.weeks() - 1L);
        this.files = new Files_(out);
        for (int year = firstMonday.getYear(); year <= settings.end().getYear(); year++) {
            holidays.add(LocalDate.of(year, Month.JANUARY, 1));
            holidays.add(LocalDate.of(year, Month.MAY, 31).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)));
            holidays.add(LocalDate.of(year, Month.JULY, 4));
            holidays.add(LocalDate.of(year, Month.SEPTEMBER, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY)));
            holidays.add(LocalDate.of(year, Month.NOVEMBER, 1).with(TemporalAdjusters.dayOfWeekInMonth(4, DayOfWeek.THURSDAY)));
            holidays.add(LocalDate.of(year, Month.DECEMBER, 25));
        }
        holidays.removeIf(d -> d.isBefore(firstMonday) || d.isAfter(settings.end())
                || d.getDayOfWeek().getValue() > 5);
    }

    public static Result generate(Settings settings, Path out) throws IOException {
        Files.createDirectories(out);
        PracticeGenerator g = new PracticeGenerator(settings, out);
        try {
            g.run();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            g.files.close();
        }
        return new Result(g.files.counts());
    }

    // ------------------------------------------------------------------ the practice

    /** A clinician's character: how busy, how reliable its clients are, when it started. */
    private record Clinician(int n, String id, String name, LocalDate hire, LocalDate end, int hours, String plan,
            double utilization, double noShow, boolean runsGroup, SplittableRandom random) {
    }

    private void run() {
        List<Clinician> roster = roster();
        writeRoster(roster);
        for (Clinician c : roster) {
            new Schedule(c).write();
        }
        writeHolidays();
        writeBadRows(roster);
    }

    private List<Clinician> roster() {
        List<Clinician> roster = new ArrayList<>();
        int n = s.clinicians();
        int leaving = n >= 4 ? n - 2 : -1;
        int burnout = n >= 3 ? 1 : -1;
        int worseNoShow = n >= 5 ? 3 : -1;
        for (int i = 0; i < n; i++) {
            SplittableRandom r = new SplittableRandom(s.seed() * 1_000_003L + i);
            String id = String.format("C%04d", i + 1);
            String name = FIRST[(i + (int) (s.seed() % FIRST.length) + FIRST.length) % FIRST.length] + " "
                    + LAST[(i * 7 + i / LAST.length) % LAST.length];
            boolean ramping = n >= 6 && i % 6 == 5; // about one in six joined during the period
            LocalDate hire = ramping
                    ? firstMonday.plusWeeks(Math.max(0, s.weeks() - 10 - r.nextInt(Math.max(1, s.weeks() / 2))))
                            .plusDays(r.nextInt(5))
                    : firstMonday.minusDays(60 + r.nextInt(2500));
            LocalDate end = i == leaving ? s.end().minusWeeks(Math.max(1, s.weeks() / 4)).with(DayOfWeek.FRIDAY) : null;
            if (end != null && !end.isAfter(hire)) {
                end = null;
            }
            int hours = i % 5 == 4 ? 20 : 30 + 2 * r.nextInt(3);
            double utilization = i == burnout ? 0.95 : 0.72 + r.nextDouble() * 0.12;
            if (i == burnout) {
                hours = 36;
            }
            double noShow = i == worseNoShow ? 0.24 : 0.09 + r.nextDouble() * 0.05;
            String plan = s.plans().get(i % s.plans().size());
            roster.add(new Clinician(i, id, name, hire, end, hours, plan, utilization, noShow, i % 4 == 2, r));
        }
        return roster;
    }

    private void writeRoster(List<Clinician> roster) {
        Csv out = files.open("clinicians-" + firstMonday + ".csv",
                "clinician_id,full_name,email,hire_date,end_date,weekly_available_hours,specialty,pay_plan");
        for (Clinician c : roster) {
            out.row(c.id(), c.name(), c.name().toLowerCase().replace(' ', '.') + "@riverbend.example", c.hire(),
                    c.end(), c.hours(), SPECIALTIES[c.n() % SPECIALTIES.length], c.plan());
        }
        // A later export: one clinician moves to fewer hours (and another plan) from a date inside the period.
        Clinician changing = roster.get(0);
        if (roster.size() >= 2) {
            LocalDate from = firstMonday.plusWeeks(s.weeks() / 2);
            Csv update = files.open("clinicians-" + s.end() + ".csv",
                    "clinician_id,full_name,email,hire_date,end_date,weekly_available_hours,specialty,pay_plan,effective_date");
            update.row(changing.id(), changing.name(), changing.name().toLowerCase().replace(' ', '.') + "@riverbend.example",
                    changing.hire(), null, changing.hours() - 4, SPECIALTIES[0],
                    s.plans().get(s.plans().size() > 1 ? 1 : 0), from);
        }
    }

    private void writeHolidays() {
        Csv out = files.open("time_off-holidays.csv", "clinician_id,date,hours,kind");
        for (LocalDate day : holidays) {
            out.row("*", day, 8, "holiday");
        }
    }

    /** A handful of rows of each kind that a real export gets wrong; each must end up as a reject. */
    private void writeBadRows(List<Clinician> roster) {
        Clinician c = roster.get(0);
        LocalDate day = s.end().minusDays(3);
        String start = ZonedDateTime.of(day, LocalTime.of(10, 0), s.zone()).format(DATE_TIME);
        Csv clin = files.open("clinicians-zz-bad.csv",
                "clinician_id,full_name,hire_date,weekly_available_hours,pay_plan");
        clin.row("X0001", "Pat Unplanned", firstMonday, 30, "no-such-plan");
        clin.row("X0002", "Sam Baddate", "03/15/2024", 30, s.plans().get(0));
        clin.row("X0003", "Lee Toomany", firstMonday, 95, s.plans().get(0));
        Csv appts = files.open("appointments-zz-bad.csv",
                "appointment_id,clinician_id,client_id,start,duration_minutes,service_code,status");
        appts.row("BAD-1", c.id(), "CL-BAD-1", "2026-13-45T10:00:00", 53, "90837", "completed");
        appts.row("BAD-2", c.id(), "CL-BAD-2", start, 0, "90837", "completed");
        appts.row("BAD-3", c.id(), "CL-BAD-3", start, 53, "90837", "rescheduled");
        appts.row("BAD-4", "C9999", "CL-BAD-4", start, 53, "90837", "completed");
        appts.row("BAD-5", c.id(), "", start, 53, "90837", "completed");
        roster.stream().filter(x -> x.end() != null).findFirst().ifPresent(gone -> appts.row("BAD-6", gone.id(),
                "CL-BAD-6", ZonedDateTime.of(gone.end().plusDays(3), LocalTime.of(10, 0), s.zone()).format(DATE_TIME),
                53, "90837", "completed"));
        Csv pays = files.open("payments-zz-bad.csv", "payment_id,appointment_id,posted_date,amount,payer,kind");
        pays.row("PBAD-1", "NO-SUCH-APPOINTMENT", day, "95.00", "insurance", "payment");
        pays.row("PBAD-2", "BAD-1", day, "1,250.00", "insurance", "payment");
        pays.row("PBAD-3", "BAD-1", day, "40.00", "medicare", "payment");
        if (firstPayment != null) {
            pays.row(firstPayment); // the same payment exported twice: a duplicate, not paid twice
            Object[] changed = firstPayment.clone();
            changed[3] = new BigDecimal(changed[3].toString()).add(BigDecimal.TEN).toPlainString();
            pays.row(changed);
        }
        Csv off = files.open("time_off-zz-bad.csv", "clinician_id,date,hours,kind");
        off.row(c.id(), day, 30, "pto");
        off.row("C9999", day, 8, "pto");
        off.row(c.id(), day, 4, "sabbatical");
    }

    // ------------------------------------------------------------------ one clinician's calendar

    private static final int CODE_INTAKE = 0;

    /** Service codes with their minutes, charge and what insurance pays. */
    private static final String[] CODES = {"90791", "90837", "90834", "90832", "90853"};
    private static final int[] MINUTES = {60, 53, 45, 30, 90};
    private static final int[] CHARGE = {200, 160, 130, 90, 60};
    private static final int[] INSURANCE_PAYS = {145, 118, 92, 64, 38};

    private final class Schedule {
        private final Clinician c;
        private final SplittableRandom r;
        /** Active clients: id and whether they come weekly (else every other week). */
        private final LinkedHashMap<String, Boolean> clients = new LinkedHashMap<>();
        private int nextClient;
        private int nextAppointment;
        private int nextPayment;

        Schedule(Clinician c) {
            this.c = c;
            this.r = c.random();
        }

        void write() {
            LocalDate from = c.hire().isAfter(firstMonday) ? c.hire() : firstMonday;
            LocalDate until = c.end() != null && c.end().isBefore(s.end()) ? c.end() : s.end();
            // A settled caseload for someone who was already working when the period starts.
            if (!c.hire().isAfter(firstMonday)) {
                int settled = (int) Math.round(c.hours() * c.utilization() / 0.85 * 0.8);
                for (int i = 0; i < settled; i++) {
                    clients.put(newClientId(), r.nextInt(4) != 0);
                }
            }
            List<LocalDate> pto = ptoDays(from, until);
            Csv off = files.open("time_off.csv", "clinician_id,date,hours,kind");
            for (LocalDate d : pto) {
                off.row(c.id(), d, 8, r.nextInt(6) == 0 ? "sick" : "pto");
            }
            for (LocalDate monday = from.with(DayOfWeek.MONDAY); !monday.isAfter(until); monday = monday.plusWeeks(1)) {
                week(monday, from, until, pto);
            }
        }

        private void week(LocalDate monday, LocalDate from, LocalDate until, List<LocalDate> pto) {
            List<LocalDate> workDays = new ArrayList<>();
            for (int d = 0; d < 5; d++) {
                LocalDate day = monday.plusDays(d);
                if (!day.isBefore(from) && !day.isAfter(until) && !holidays.contains(day) && !pto.contains(day)) {
                    workDays.add(day);
                }
            }
            if (workDays.isEmpty()) {
                return;
            }
            double hoursThisWeek = c.hours() * workDays.size() / 5.0;
            long tenureMonths = ChronoUnit.MONTHS.between(c.hire(), monday);
            int target;
            if (tenureMonths < 3) {
                int[][] band = {{8, 12}, {14, 18}, {18, 22}};
                int[] b = band[(int) Math.max(0, tenureMonths)];
                target = b[0] + r.nextInt(b[1] - b[0] + 1);
                target = (int) Math.round(target * workDays.size() / 5.0);
            } else {
                double utilization = c.utilization();
                long weekIndex = ChronoUnit.WEEKS.between(firstMonday, monday);
                if (c.n() == 2 && weekIndex >= s.weeks() - 10 && weekIndex < s.weeks() - 4) {
                    utilization = 0.52; // a clinician who is low for several weeks
                }
                double noise = 1 + (r.nextDouble() - 0.5) * 0.12;
                // Sessions average about 0.8 h (53, 45 and 30 minutes); slots allow for no-shows and cancellations.
                target = (int) Math.round(hoursThisWeek * utilization * noise / 0.805 / (1 - c.noShow() - 0.04));
            }
            // Clients leave; new ones come in through an intake when the caseload is short.
            clients.entrySet().removeIf(e -> r.nextInt(40) == 0);
            List<String> due = new ArrayList<>();
            long parity = ChronoUnit.WEEKS.between(firstMonday, monday) % 2;
            clients.forEach((id, weekly) -> {
                if (weekly || (id.hashCode() & 1) == parity) {
                    due.add(id);
                }
            });
            List<String> intakes = new ArrayList<>();
            while (due.size() + intakes.size() < target && intakes.size() < 4) {
                String id = newClientId();
                clients.put(id, r.nextInt(4) != 0);
                intakes.add(id);
            }
            while (due.size() + intakes.size() > target && !due.isEmpty()) {
                due.remove(r.nextInt(due.size()));
            }
            int slot = 0;
            int slotsPerDay = Math.max(1, (int) Math.ceil((due.size() + intakes.size()) / (double) workDays.size()));
            for (String client : intakes) {
                appointment(workDays, slot++, slotsPerDay, client, CODE_INTAKE, null);
            }
            for (String client : due) {
                int p = r.nextInt(10);
                appointment(workDays, slot++, slotsPerDay, client, p < 6 ? 1 : p < 9 ? 2 : 3, null);
            }
            if (c.runsGroup() && workDays.size() >= 3 && ChronoUnit.MONTHS.between(c.hire(), monday) >= 3) {
                String group = "G" + c.id().substring(1) + "-" + monday;
                LocalDate day = workDays.get(workDays.size() - 1);
                int members = 5 + r.nextInt(4);
                for (int m = 0; m < members; m++) {
                    groupRow(day, group, "GR" + c.id().substring(1) + "-" + (1 + r.nextInt(12)));
                }
            }
        }

        private void appointment(List<LocalDate> days, int slot, int perDay, String client, int code, String group) {
            LocalDate day = days.get(Math.min(days.size() - 1, slot / perDay));
            int hour = 8 + (slot % perDay) % 11;
            write(ZonedDateTime.of(day, LocalTime.of(hour, 0), s.zone()), client, code, group);
        }

        private void groupRow(LocalDate day, String group, String client) {
            write(ZonedDateTime.of(day, LocalTime.of(18, 0), s.zone()), client, 4, group);
        }

        private void write(ZonedDateTime start, String client, int code, String group) {
            String id = "A" + c.id().substring(1) + "-" + String.format("%06d", ++nextAppointment);
            double roll = r.nextDouble();
            String status;
            String cancelledAt = null;
            if (roll < c.noShow() * 0.6) {
                status = "no_show";
            } else if (roll < c.noShow() * 0.85) {
                status = "cancelled"; // called off late: counts as a late cancel
                cancelledAt = start.minusHours(2 + r.nextInt(20)).format(DATE_TIME);
            } else if (roll < c.noShow()) {
                status = "late_cancel";
            } else if (roll < c.noShow() + 0.04) {
                status = "cancelled";
                cancelledAt = start.minusDays(2 + r.nextInt(5)).format(DATE_TIME);
            } else {
                status = "completed";
            }
            LocalDate day = start.toLocalDate();
            boolean recent = !day.isBefore(s.end().minusDays(1));
            String month = start.format(MONTH);
            Csv out = files.open("appointments-" + month + ".csv",
                    "appointment_id,clinician_id,client_id,start,duration_minutes,service_code,status,cancelled_at,group_id,charge");
            String startText = start.format(DATE_TIME);
            int minutes = MINUTES[code];
            String charge = CHARGE[code] + ".00";
            if (recent) {
                // Exported before the day was over: scheduled now, its outcome comes in the next export.
                out.row(id, c.id(), client, startText, minutes, CODES[code], "scheduled", null, group, charge);
                Csv update = files.open("appointments-update-" + s.end() + ".csv",
                        "appointment_id,clinician_id,client_id,start,duration_minutes,service_code,status,cancelled_at,group_id,charge");
                update.row(id, c.id(), client, startText, minutes, CODES[code], status, cancelledAt, group, charge);
                return;
            }
            out.row(id, c.id(), client, startText, minutes, CODES[code],
                    r.nextInt(20) == 0 ? display(status) : status, cancelledAt, group, charge);
            payments(id, day, code, status);
        }

        /** Some EHRs export "No Show", "Late Cancel", "Show": the synonyms the contract accepts. */
        private String display(String status) {
            return switch (status) {
                case "no_show" -> "No Show";
                case "late_cancel" -> "Late Cancel";
                case "completed" -> "Show";
                default -> status.toUpperCase();
            };
        }

        private void payments(String appointment, LocalDate day, int code, String status) {
            if (status.equals("completed")) {
                if (r.nextInt(3) == 0) {
                    payment(appointment, day, new BigDecimal("25.00"), "client", "payment");
                }
                LocalDate posted = day.plusDays(14 + r.nextInt(29));
                BigDecimal paid = BigDecimal.valueOf(INSURANCE_PAYS[code] * 100L + r.nextInt(600) - 300, 2);
                payment(appointment, posted, paid, "insurance", "payment");
                if (r.nextInt(150) == 0) {
                    payment(appointment, posted.plusDays(10 + r.nextInt(20)), paid.negate(), "insurance", "refund");
                }
            } else if (status.equals("no_show") && r.nextInt(3) == 0) {
                payment(appointment, day.plusDays(1 + r.nextInt(7)), new BigDecimal("50.00"), "client", "no_show_fee");
            }
        }

        private void payment(String appointment, LocalDate posted, BigDecimal amount, String payer, String kind) {
            if (posted.isAfter(s.end())) {
                return; // not posted yet
            }
            String id = "P" + c.id().substring(1) + "-" + String.format("%06d", ++nextPayment);
            Object[] row = {id, appointment, posted, amount.setScale(2, RoundingMode.UNNECESSARY).toPlainString(), payer, kind};
            files.open("payments-" + posted.format(MONTH) + ".csv", "payment_id,appointment_id,posted_date,amount,payer,kind")
                    .row(row);
            if (firstPayment == null) {
                firstPayment = row;
            }
        }

        /** A week of PTO every 12-16 weeks or so, and the odd sick day; the burnout case takes none. */
        private List<LocalDate> ptoDays(LocalDate from, LocalDate until) {
            List<LocalDate> days = new ArrayList<>();
            if (c.n() == 1) {
                return days;
            }
            LocalDate next = from.plusWeeks(3 + r.nextInt(10)).with(DayOfWeek.MONDAY);
            while (next.isBefore(until)) {
                for (int d = 0; d < 5; d++) {
                    if (!next.plusDays(d).isAfter(until)) {
                        days.add(next.plusDays(d));
                    }
                }
                next = next.plusWeeks(12 + r.nextInt(5));
            }
            for (LocalDate d = from; d.isBefore(until); d = d.plusWeeks(1)) {
                if (r.nextInt(20) == 0) {
                    LocalDate sick = d.with(DayOfWeek.MONDAY).plusDays(r.nextInt(5));
                    if (!sick.isBefore(from) && !sick.isAfter(until) && !days.contains(sick)) {
                        days.add(sick);
                    }
                }
            }
            days.sort(null);
            return days;
        }

        private String newClientId() {
            return "CL" + c.id().substring(1) + "-" + String.format("%05d", ++nextClient);
        }
    }

    // ------------------------------------------------------------------ output

    /** The open output files, by name; every file is written once, start to end. */
    private static final class Files_ {
        private final Path dir;
        private final Map<String, Csv> open = new TreeMap<>();

        Files_(Path dir) {
            this.dir = dir;
        }

        Csv open(String name, String header) {
            return open.computeIfAbsent(name, n -> new Csv(dir.resolve(n), header));
        }

        Map<String, Integer> counts() {
            Map<String, Integer> counts = new TreeMap<>();
            open.forEach((name, csv) -> counts.put(name, csv.rows));
            return counts;
        }

        void close() throws IOException {
            for (Csv csv : open.values()) {
                csv.out.close();
            }
        }
    }

    private static final class Csv {
        private final BufferedWriter out;
        private int rows;

        Csv(Path file, String header) {
            try {
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                out.write(header);
                out.write("\r\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void row(Object... values) {
            try {
                for (int i = 0; i < values.length; i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    out.write(quote(values[i]));
                }
                out.write("\r\n");
                rows++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String quote(Object value) {
            if (value == null) {
                return "";
            }
            String text = value.toString();
            if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0) {
                return '"' + text.replace("\"", "\"\"") + '"';
            }
            return text;
        }
    }

}

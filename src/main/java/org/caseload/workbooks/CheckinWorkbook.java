package org.caseload.workbooks;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.caseload.CaseloadProperties.Policy;
import org.caseload.CaseloadProperties.RampMonth;

/**
 * One clinician's check-in workbook for a month (contract section 7): Weekly, Overview with a
 * chart of weekly and trailing utilization against the target band, and Conversation Prep, the
 * guide's checklist filled from the data.
 */
public final class CheckinWorkbook {

    public static final List<String> WEEKLY = List.of("Week Of", "Available Hours", "Scheduled Hours", "Contact Hours",
            "Utilization", "Trailing 4-Week Utilization", "Completed Sessions", "No-Show Rate", "Active Caseload",
            "Intakes", "Time Off Hours", "Expected Sessions", "Target Min", "Target Max");
    static final int WEEKS = 8;

    private final Policy policy;
    private final WorkbookFiles files;

    public CheckinWorkbook(Policy policy, WorkbookFiles files) {
        this.policy = policy;
        this.files = files;
    }

    /** A clinician_id made safe for a file name: every character outside A-Z a-z 0-9 . _ - becomes _. */
    public static String safe(String clinicianId) {
        return clinicianId.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    public Path write(MonthFacts facts, MonthFacts.Clinician c, Path reports) throws IOException {
        List<LocalDate> mondays = facts.mondays().subList(facts.mondays().size() - WEEKS, facts.mondays().size());
        Path file = reports.resolve(facts.month().toString()).resolve("check-ins")
                .resolve("check-in-" + facts.month() + "-" + safe(c.id()) + ".xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            Styles s = new Styles(wb);
            weekly(wb, s, c, mondays);
            overview(wb, s, facts, c, mondays);
            prep(wb, s, facts, c, mondays);
            files.save(wb, file);
        }
        return file;
    }

    private void weekly(XSSFWorkbook wb, Styles s, MonthFacts.Clinician c, List<LocalDate> mondays) {
        SheetWriter out = new SheetWriter(wb, s, "Weekly", WEEKLY, new int[] {12, 11, 11, 11, 11, 14, 11, 11, 11, 9, 11, 12, 10, 10});
        for (LocalDate monday : mondays) {
            MonthFacts.Week w = c.weeks().get(monday);
            out.row().date(monday);
            if (w == null) {
                continue; // not employed that week: blank
            }
            out.number(w.availableHours(), s.decimal).number(hours(w.scheduledMinutes()), s.decimal)
                    .number(hours(w.contactMinutes()), s.decimal).number(w.utilization(), s.percent)
                    .number(w.trailing4(), s.percent).number(w.sessions()).number(w.noShowRate(), s.percent)
                    .number(w.activeCaseload()).number(w.intakes()).number(w.timeOffHours(), s.decimal)
                    .text(expected(w.tenureMonth())).number(policy.utilizationTarget().min(), s.percent)
                    .number(policy.utilizationTarget().max(), s.percent);
        }
        out.finish();
    }

    private void overview(XSSFWorkbook wb, Styles s, MonthFacts facts, MonthFacts.Clinician c, List<LocalDate> mondays) {
        Sheet sheet = wb.createSheet("Overview");
        sheet.setColumnWidth(0, 26 * 256);
        sheet.setColumnWidth(1, 22 * 256);
        sheet.setColumnWidth(2, 24 * 256);
        sheet.setColumnWidth(3, 90 * 256);
        MonthFacts.Week last = c.latest(mondays);
        int r = 0;
        Row title = sheet.createRow(r++);
        title.createCell(0).setCellValue("Check-in " + facts.month() + ": " + c.name() + " (" + c.id() + ")");
        title.getCell(0).setCellStyle(s.bold);
        r = pair(sheet, r, "Weeks reviewed", mondays.get(0) + " to " + mondays.get(mondays.size() - 1));
        r = pair(sheet, r, "Tenure", last == null ? "not employed in these weeks" : stage(last.tenureMonth()));
        r = pair(sheet, r, "Utilization target", pct(policy.utilizationTarget().min()) + "–"
                + pct(policy.utilizationTarget().max()));
        r = pair(sheet, r, "Expected sessions a week", last == null ? "" : expected(last.tenureMonth()));
        Row head = sheet.createRow(r++);
        head.createCell(0).setCellValue("This period (8 weeks)");
        head.getCell(0).setCellStyle(s.bold);
        r = number(sheet, r, "Utilization, 8 weeks", last == null ? null : last.trailing8(), s.percent);
        r = number(sheet, r, "Sessions a week, 8 weeks", last == null ? null : last.sessionsPerWeek8(), s.decimal);
        r = number(sheet, r, "No-show rate, 8 weeks", last == null ? null : last.noShowRate8(), s.percent);
        r = number(sheet, r, "Intakes, 8 weeks", last == null ? null : BigDecimal.valueOf(last.intakes8()), s.number);
        r++;
        Row flagsHead = sheet.createRow(r++);
        for (String h : List.of("Flags of these weeks", "Code", "Pattern", "Detail")) {
            Cell cell = flagsHead.createCell(flagsHead.getPhysicalNumberOfCells());
            cell.setCellValue(h);
            cell.setCellStyle(s.bold);
        }
        List<MonthFacts.Flag> flags = flags(c, mondays);
        if (flags.isEmpty()) {
            sheet.createRow(r++).createCell(0).setCellValue("none");
        }
        for (MonthFacts.Flag f : flags) {
            Row row = sheet.createRow(r++);
            Cell week = row.createCell(0);
            week.setCellValue(f.week());
            week.setCellStyle(s.date);
            row.createCell(1).setCellValue(f.code());
            row.createCell(2).setCellValue(f.pattern());
            row.createCell(3).setCellValue(f.detail());
        }
        String[] labels = mondays.stream().map(LocalDate::toString).toArray(String[]::new);
        Double[] weekly = new Double[WEEKS];
        Double[] trailing = new Double[WEEKS];
        Double[] min = new Double[WEEKS];
        Double[] max = new Double[WEEKS];
        for (int i = 0; i < WEEKS; i++) {
            MonthFacts.Week w = c.weeks().get(mondays.get(i));
            weekly[i] = w == null || w.utilization() == null ? null : w.utilization().doubleValue();
            trailing[i] = w == null || w.trailing4() == null ? null : w.trailing4().doubleValue();
            min[i] = w == null ? null : policy.utilizationTarget().min().doubleValue();
            max[i] = w == null ? null : policy.utilizationTarget().max().doubleValue();
        }
        Charts.line(wb, "Overview", "Utilization against the target band", labels, "Weekly!$A$2:$A$9", List.of(
                new Charts.Series("Weekly utilization", "Weekly!$E$2:$E$9", weekly, "1F77B4", false),
                new Charts.Series("Trailing 4-week utilization", "Weekly!$F$2:$F$9", trailing, "D62728", false),
                new Charts.Series("Target min", "Weekly!$M$2:$M$9", min, "7F7F7F", true),
                new Charts.Series("Target max", "Weekly!$N$2:$N$9", max, "7F7F7F", true)), true, 0, r + 1, 4, r + 21);
    }

    private void prep(XSSFWorkbook wb, Styles s, MonthFacts facts, MonthFacts.Clinician c, List<LocalDate> mondays) {
        Sheet sheet = wb.createSheet("Conversation Prep");
        sheet.setColumnWidth(0, 34 * 256);
        sheet.setColumnWidth(1, 110 * 256);
        List<MonthFacts.Week> weeks = mondays.stream().map(m -> c.weeks().get(m)).filter(w -> w != null).toList();
        MonthFacts.Week last = c.latest(mondays);
        long withHours = weeks.stream().filter(w -> w.availableHours().signum() > 0).count();
        BigDecimal off = weeks.stream().map(MonthFacts.Week::timeOffHours).reduce(BigDecimal.ZERO, BigDecimal::add);
        int intakes = weeks.stream().mapToInt(MonthFacts.Week::intakes).sum();
        int newClients = weeks.stream().mapToInt(MonthFacts.Week::newClients).sum();
        List<MonthFacts.Flag> flags = flags(c, mondays);
        long practiceWide = flags.stream().filter(f -> f.pattern().equals("practice-wide")).count();
        long systemicWeeks = mondays.stream().filter(facts.systemicWeeks()::contains).count();
        List<String[]> items = new ArrayList<>();
        items.add(new String[] {"Reviewed 6-8 weeks of data", weeks.size() + " weeks employed of the 8 from " + mondays.get(0)
                + " to " + mondays.get(mondays.size() - 1) + "; " + withHours + " with available hours"});
        items.add(new String[] {"Compared to expectations", last == null ? "no data in these weeks" : "Utilization over 8 weeks "
                + (last.trailing8() == null ? "undefined" : pct(last.trailing8())) + " against the target "
                + pct(policy.utilizationTarget().min()) + "–" + pct(policy.utilizationTarget().max())
                + gap(last.trailing8()) + "; " + (last.sessionsPerWeek8() == null ? "no" : last.sessionsPerWeek8()
                        .setScale(1, RoundingMode.HALF_UP).toPlainString()) + " sessions a week against the "
                + expected(last.tenureMonth()) + " expected (" + stage(last.tenureMonth()) + ")"});
        items.add(new String[] {"Considered context: time off", off.signum() == 0 ? "No time off in these 8 weeks"
                : off.stripTrailingZeros().toPlainString() + " hours of time off in these 8 weeks"});
        items.add(new String[] {"Checked systemic factors", systemicWeeks > 0
                ? "Practice-wide: low utilization was systemic in " + systemicWeeks + " of these weeks; look at referral "
                        + "flow, scheduling and payers before the individual" + (practiceWide > 0 ? " (" + practiceWide
                        + " of this clinician's flags are marked practice-wide)" : "")
                : "Individual: no practice-wide pattern in these weeks"});
        items.add(new String[] {"Intake flow", intakes + " intakes and " + newClients + " new clients in 8 weeks; active "
                + "caseload " + (last == null ? "-" : Integer.toString(last.activeCaseload()))});
        items.add(new String[] {"Flags of these weeks", flags.isEmpty() ? "none"
                : flags.stream().map(f -> f.week() + " " + f.code()).collect(Collectors.joining(", "))});
        items.add(new String[] {"Prepared open questions", "Ask before concluding: what is happening from their side?"});
        items.add(new String[] {"Identified support options", "Resources, schedule adjustments or help to offer"});
        items.add(new String[] {"Set a private meeting", "Never in passing or in a group"});
        items.add(new String[] {"Planned follow-up", "What happens after this conversation, and when you check in again"});
        Row head = sheet.createRow(0);
        head.createCell(0).setCellValue("Checklist item");
        head.createCell(1).setCellValue("From the data");
        head.getCell(0).setCellStyle(s.bold);
        head.getCell(1).setCellStyle(s.bold);
        int r = 1;
        for (String[] item : items) {
            Row row = sheet.createRow(r++);
            row.createCell(0).setCellValue(item[0]);
            row.createCell(1).setCellValue(item[1]);
        }
    }

    private String gap(BigDecimal utilization) {
        if (utilization == null) {
            return "";
        }
        if (utilization.compareTo(policy.utilizationTarget().min()) < 0) {
            return ", " + points(policy.utilizationTarget().min().subtract(utilization)) + " points below";
        }
        if (utilization.compareTo(policy.utilizationTarget().max()) > 0) {
            return ", " + points(utilization.subtract(policy.utilizationTarget().max())) + " points above";
        }
        return ", within it";
    }

    private static List<MonthFacts.Flag> flags(MonthFacts.Clinician c, List<LocalDate> mondays) {
        return c.flags().stream().filter(f -> !f.week().isBefore(mondays.get(0))).toList();
    }

    String stage(int tenureMonth) {
        int months = policy.rampUp().size();
        return tenureMonth > months ? "tenure month " + tenureMonth + ", fully ramped"
                : "ramp-up month " + tenureMonth + " of " + months;
    }

    String expected(int tenureMonth) {
        for (RampMonth m : policy.rampUp()) {
            if (m.month() == tenureMonth) {
                return m.min() + "–" + m.max();
            }
        }
        return policy.fullCaseload().min() + "–" + policy.fullCaseload().max();
    }

    private static int pair(Sheet sheet, int r, String label, String value) {
        Row row = sheet.createRow(r);
        row.createCell(0).setCellValue(label);
        row.createCell(1).setCellValue(value);
        return r + 1;
    }

    private static int number(Sheet sheet, int r, String label, BigDecimal value,
            org.apache.poi.ss.usermodel.CellStyle style) {
        Row row = sheet.createRow(r);
        row.createCell(0).setCellValue(label);
        Cell cell = row.createCell(1);
        if (value != null) {
            cell.setCellValue(value.doubleValue());
            cell.setCellStyle(style);
        }
        return r + 1;
    }

    static BigDecimal hours(int minutes) {
        return BigDecimal.valueOf(minutes).divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP);
    }

    static String pct(BigDecimal rate) {
        return rate.movePointRight(2).setScale(0, RoundingMode.HALF_UP).toPlainString() + "%";
    }

    private static String points(BigDecimal diff) {
        return diff.movePointRight(2).setScale(0, RoundingMode.HALF_UP).toPlainString();
    }
}

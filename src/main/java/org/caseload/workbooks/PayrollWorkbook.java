package org.caseload.workbooks;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.apache.poi.ooxml.POIXMLProperties;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The payroll workbook of a month (contract section 7): Summary, Lines, Unattributed, About.
 * Everything comes from the stored lines, so a finalized month always gives the same workbook.
 * Lines stream from the database to a streaming workbook: memory does not grow with their number.
 */
@Component
public class PayrollWorkbook {

    public static final List<String> SUMMARY = List.of("Clinician ID", "Clinician", "Plan", "Sessions", "Collections",
            "Base Pay", "Commission", "Per-Session Pay", "Bonus", "Prior-Period", "Total Pay");
    public static final List<String> LINES = List.of("Clinician ID", "Line Type", "Appointment ID", "Client Code",
            "Service Date", "Service Code", "Payment ID", "Posted Date", "Basis", "Rate", "Amount");
    public static final List<String> UNATTRIBUTED = List.of("Payment ID", "Appointment ID", "Posted Date", "Amount",
            "Payer", "Reason");

    private final JdbcTemplate jdbc;
    private final ClientCodes clientCodes;
    private final WorkbookFiles files;

    PayrollWorkbook(JdbcTemplate jdbc, ClientCodes clientCodes, WorkbookFiles files) {
        this.jdbc = jdbc;
        this.clientCodes = clientCodes;
        this.files = files;
    }

    public Path write(YearMonth month, Path reports, ZoneId zone) throws IOException {
        return write(month, reports, zone, SheetWriter.MAX_DATA_ROWS);
    }

    /** {@code maxLinesPerSheet} is the row limit of a Lines sheet (lower only in tests). */
    public Path write(YearMonth month, Path reports, ZoneId zone, int maxLinesPerSheet) throws IOException {
        LocalDate first = month.atDay(1);
        Map<String, Object> m = jdbc.queryForMap("select * from payroll_month where month = ?", first);
        boolean fin = "final".equals(m.get("status"));
        OffsetDateTime generatedAt = (OffsetDateTime) (fin ? jdbc.queryForObject(
                "select finalized_at from payroll_month where month = ?", OffsetDateTime.class, first)
                : jdbc.queryForObject("select computed_at from payroll_month where month = ?", OffsetDateTime.class, first));
        Path file = reports.resolve(month.toString()).resolve("payroll-" + month + ".xlsx");
        try (SXSSFWorkbook wb = new SXSSFWorkbook(200)) {
            Styles styles = new Styles(wb);
            summary(wb, styles, first);
            lines(wb, styles, first, maxLinesPerSheet);
            unattributed(wb, styles, first);
            about(wb, styles, month, fin, generatedAt.atZoneSameInstant(zone), (String) m.get("plans"));
            POIXMLProperties.CoreProperties core = wb.getXSSFWorkbook().getProperties().getCoreProperties();
            core.setCreated(java.util.Optional.of(Date.from(generatedAt.toInstant())));
            core.setTitle("Payroll " + month);
            files.save(wb, file);
        }
        return file;
    }

    private void summary(SXSSFWorkbook wb, Styles s, LocalDate first) {
        SheetWriter out = new SheetWriter(wb, s, "Summary", SUMMARY, new int[] {14, 24, 16, 10, 14, 14, 14, 15, 12, 13, 14});
        jdbc.query("""
                with lines as (
                    select clinician_id,
                           sum(amount) filter (where line_type in ('salary', 'base')) as base,
                           sum(amount) filter (where line_type = 'commission') as commission,
                           sum(amount) filter (where line_type in ('per-session', 'no-show-fee')) as per_session,
                           sum(amount) filter (where line_type = 'bonus') as bonus,
                           sum(amount) filter (where line_type = 'prior-period') as prior
                      from payroll_line where month = ? group by clinician_id),
                month_appointments as (
                    select clinician_id, group_id, start_at, status
                      from appointment
                     where start_date between ? and (?::date + interval '1 month' - interval '1 day')::date),
                sessions as (
                    -- a completed appointment, or a group (same group and start) with a completed member
                    select clinician_id, count(*) as n
                      from (select clinician_id from month_appointments
                             where group_id is null and status = 'completed'
                            union all
                            select clinician_id from month_appointments
                             where group_id is not null
                             group by clinician_id, group_id, start_at
                            having bool_or(status = 'completed')) s
                     group by clinician_id),
                collections as (
                    -- each payment's appointment looked up by key (not a hash join of every appointment)
                    select a.clinician_id, sum(p.amount) as amount
                      from payment p
                     cross join lateral (select a.clinician_id from appointment a
                                          where a.appointment_id = p.appointment_id limit 1) a
                     where p.posted_date between ? and (?::date + interval '1 month' - interval '1 day')::date
                     group by a.clinician_id),
                who as (select clinician_id from lines union select clinician_id from sessions
                        union select clinician_id from collections)
                select c.clinician_id, c.full_name,
                       (select t.pay_plan from clinician_terms t where t.clinician_id = c.clinician_id
                           and t.effective_date <= (?::date + interval '1 month' - interval '1 day')
                         order by t.effective_date desc limit 1) as plan,
                       (select t.pay_plan from clinician_terms t where t.clinician_id = c.clinician_id
                         order by t.effective_date limit 1) as first_plan,
                       coalesce(s.n, 0) as sessions, coalesce(k.amount, 0) as collections,
                       coalesce(l.base, 0) as base, coalesce(l.commission, 0) as commission,
                       coalesce(l.per_session, 0) as per_session, coalesce(l.bonus, 0) as bonus,
                       coalesce(l.prior, 0) as prior
                  from who w join clinician c on c.clinician_id = w.clinician_id
                  left join lines l on l.clinician_id = w.clinician_id
                  left join sessions s on s.clinician_id = w.clinician_id
                  left join collections k on k.clinician_id = w.clinician_id
                 order by c.clinician_id""", (ResultSet rs) -> {
                    out.row().text(rs.getString("clinician_id")).text(rs.getString("full_name"))
                            .text(rs.getString("plan") != null ? rs.getString("plan") : rs.getString("first_plan"))
                            .number(rs.getLong("sessions")).number(rs.getBigDecimal("collections"), s.money)
                            .number(rs.getBigDecimal("base"), s.money).number(rs.getBigDecimal("commission"), s.money)
                            .number(rs.getBigDecimal("per_session"), s.money).number(rs.getBigDecimal("bonus"), s.money)
                            .number(rs.getBigDecimal("prior"), s.money);
                    int r = out.excelRow();
                    out.formula("SUM(F" + r + ":J" + r + ")", s.money);
                }, first, first, first, first, first, first);
        int last = out.excelRow();
        out.finish();
        out.row().text("Total").text(null).text(null).formula("SUM(D2:D" + last + ")", s.number);
        for (char col = 'E'; col <= 'K'; col++) {
            out.formula("SUM(" + col + "2:" + col + last + ")", s.moneyTotal);
        }
    }

    private void lines(SXSSFWorkbook wb, Styles s, LocalDate first, int maxRows) {
        SheetWriter out = new SheetWriter(wb, s, "Lines", LINES, new int[] {14, 13, 16, 13, 12, 12, 16, 12, 14, 10, 13},
                maxRows);
        jdbc.query("""
                select clinician_id, line_type, appointment_id, client_id, service_date, service_code, payment_id,
                       posted_date, basis, rate, amount
                  from payroll_line where month = ? order by clinician_id, line_id""", (ResultSet rs) -> {
                    String type = rs.getString("line_type");
                    out.row().text(rs.getString("clinician_id")).text(type).text(rs.getString("appointment_id"))
                            .text(clientCodes.code(rs.getString("client_id"))).date(localDate(rs, "service_date"))
                            .text(rs.getString("service_code")).text(rs.getString("payment_id"))
                            .date(localDate(rs, "posted_date"))
                            .number(rs.getBigDecimal("basis"), basisStyle(type, s))
                            .number(rs.getBigDecimal("rate"), type.equals("per-session") ? s.money : s.percent)
                            .number(rs.getBigDecimal("amount"), s.money);
                }, first);
        out.finish();
    }

    private static CellStyle basisStyle(String type, Styles s) {
        return switch (type) {
            case "per-session" -> s.number;
            case "bonus" -> s.percent;
            default -> s.money;
        };
    }

    private void unattributed(SXSSFWorkbook wb, Styles s, LocalDate first) {
        SheetWriter out = new SheetWriter(wb, s, "Unattributed", UNATTRIBUTED, new int[] {16, 18, 12, 12, 10, 60});
        jdbc.query("""
                select payment_id, appointment_id, posted_date, amount, payer, reason, source_file, source_line
                  from payroll_unattributed where month = ? order by posted_date, payment_id""", (ResultSet rs) -> {
                    out.row().text(rs.getString("payment_id")).text(rs.getString("appointment_id"))
                            .date(localDate(rs, "posted_date")).number(rs.getBigDecimal("amount"), s.money)
                            .text(rs.getString("payer")).text(rs.getString("reason") + "; " + rs.getString("source_file")
                                    + " line " + rs.getInt("source_line"));
                }, first);
        out.finish();
    }

    private void about(SXSSFWorkbook wb, Styles s, YearMonth month, boolean fin, java.time.ZonedDateTime generatedAt,
            String plans) {
        Sheet sheet = wb.createSheet("About");
        sheet.setColumnWidth(0, 16 * 256);
        sheet.setColumnWidth(1, 100 * 256);
        String[][] rows = {
            {"Month", month.toString()},
            {"Status", fin ? "finalized" : "draft: amounts may change until the month is finalized"},
            {"Generated at", generatedAt.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"))},
        };
        int r = 0;
        for (String[] pair : rows) {
            Row row = sheet.createRow(r++);
            row.createCell(0).setCellValue(pair[0]);
            row.getCell(0).setCellStyle(s.bold);
            row.createCell(1).setCellValue(pair[1]);
        }
        Row title = sheet.createRow(r++);
        title.createCell(0).setCellValue("Plans in force");
        title.getCell(0).setCellStyle(s.bold);
        for (String line : plans.split("\n")) {
            sheet.createRow(r++).createCell(1).setCellValue(line);
        }
        r++;
        sheet.createRow(r++).createCell(0).setCellValue("Every amount is a line of the Lines sheet, rounded to cents half up; "
                + "Summary totals are sums of lines. Client Code stands for a client (HMAC of the EHR id).");
    }

    private static LocalDate localDate(ResultSet rs, String column) throws SQLException {
        java.sql.Date d = rs.getDate(column);
        return d == null ? null : d.toLocalDate();
    }
}

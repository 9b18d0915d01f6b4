package org.caseload.pay;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.FormulaEvaluator;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.caseload.EtlTestSupport;
import org.caseload.Inbox;
import org.caseload.workbooks.PayrollWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The payroll workbook read back with POI, cell by cell (contract section 7). */
class PayrollWorkbookTest extends EtlTestSupport {

    static final YearMonth MARCH = YearMonth.of(2026, 3);

    @Autowired
    PayrollRunner payroll;

    @Autowired
    PayrollWorkbook workbook;

    private void practice() throws Exception {
        inbox.file("clinicians.csv", Inbox.ROSTER_HEADER,
                        "C1,\"=HYPERLINK(\"\"http://x.example\"\",\"\"click\"\")\",,2025-01-06,,30,,split-60,",
                        "F1,Fee Forservice,,2025-01-06,,10,,fee-for-service,",
                        "S1,Sal Aried,,2026-03-16,,30,,salaried,")
                .file("appointments.csv", Inbox.APPOINTMENT_HEADER,
                        "A1,C1,CLIENT-SECRET-1,2026-03-02T09:00:00,53,90837,completed,,,",
                        "A2,C1,CLIENT-SECRET-2,2026-03-03T09:00:00,53,90837,completed,,,",
                        "A3,F1,CLIENT-SECRET-3,2026-03-03T09:00:00,60,90791,completed,,,",
                        "A4,F1,CLIENT-SECRET-4,2026-03-04T09:00:00,53,90837,no_show,,,",
                        // a group session with one member completed (one session), and one with none (no session)
                        "A5,C1,CLIENT-SECRET-5,2026-03-05T10:00:00,90,90853,completed,,G1,",
                        "A6,C1,CLIENT-SECRET-6,2026-03-05T10:00:00,90,90853,no_show,,G1,",
                        "A7,C1,CLIENT-SECRET-7,2026-03-06T10:00:00,90,90853,no_show,,G1,")
                .file("payments.csv", Inbox.PAYMENT_HEADER,
                        "P1,A1,2026-03-10,118.00,insurance,payment",
                        "P2,A2,2026-03-12,101.37,insurance,payment",
                        "P3,A2,2026-03-20,-25.00,insurance,refund",
                        "P4,A4,2026-03-05,50.00,client,no_show_fee",
                        "P5,A9,2026-03-15,77.00,insurance,payment");
        assertThat(run(LocalDate.of(2026, 4, 5)).succeeded()).isTrue();
    }

    @Test
    void summaryTiesToLinesToTheCentWithLiveFormulasFormatsAndNoClientId() throws Exception {
        practice();
        Path file = payroll.run(MARCH, false, tmp.resolve("reports")).workbook();
        assertThat(file).isEqualTo(tmp.resolve("reports/2026-03/payroll-2026-03.xlsx"));

        try (Workbook wb = WorkbookFactory.create(file.toFile())) {
            assertThat(names(wb)).containsExactly("Summary", "Lines", "Unattributed", "About");
            Sheet summary = wb.getSheet("Summary");
            Sheet lines = wb.getSheet("Lines");
            assertThat(values(summary.getRow(0))).containsExactlyElementsOf(PayrollWorkbook.SUMMARY);
            assertThat(values(lines.getRow(0))).containsExactlyElementsOf(PayrollWorkbook.LINES);
            for (Sheet s : List.of(summary, lines, wb.getSheet("Unattributed"))) {
                assertThat(s.getPaneInformation().isFreezePane()).as(s.getSheetName()).isTrue();
                assertThat(s.getPaneInformation().getHorizontalSplitPosition()).isEqualTo((short) 1);
            }
            FormulaEvaluator eval = wb.getCreationHelper().createFormulaEvaluator();
            eval.evaluateAll();

            // Lines: per clinician, the sum of amounts
            Map<String, BigDecimal> fromLines = new HashMap<>();
            for (int r = 1; r <= lines.getLastRowNum(); r++) {
                Row row = lines.getRow(r);
                assertThat(row.getCell(10).getCellType()).isEqualTo(CellType.NUMERIC);
                fromLines.merge(row.getCell(0).getStringCellValue(), money(row.getCell(10).getNumericCellValue()),
                        BigDecimal::add);
            }
            // C1: 118 x 60% = 70.80, 101.37 x 60% = 60.822 -> 60.82, -25 x 60% = -15.00
            assertThat(fromLines).containsEntry("C1", new BigDecimal("116.62"))
                    .containsEntry("F1", new BigDecimal("100.00"))      // 75.00 for the intake, 25.00 of the fee
                    .containsEntry("S1", new BigDecimal("3354.84"));

            BigDecimal total = BigDecimal.ZERO;
            int r = 1;
            for (; summary.getRow(r) != null && !summary.getRow(r).getCell(0).getStringCellValue().equals("Total"); r++) {
                Row row = summary.getRow(r);
                Cell totalPay = row.getCell(10);
                assertThat(totalPay.getCellType()).isEqualTo(CellType.FORMULA);
                assertThat(totalPay.getCellFormula()).isEqualTo("SUM(F" + (r + 1) + ":J" + (r + 1) + ")");
                BigDecimal pay = money(eval.evaluate(totalPay).getNumberValue());
                assertThat(pay).isEqualTo(fromLines.get(row.getCell(0).getStringCellValue()));
                total = total.add(pay);
            }
            Row totals = summary.getRow(r);
            assertThat(totals.getCell(10).getCellFormula()).isEqualTo("SUM(K2:K" + r + ")");
            assertThat(money(eval.evaluate(totals.getCell(10)).getNumberValue())).isEqualTo(new BigDecimal("3571.46"))
                    .isEqualTo(total);
            assertThat(totals.getCell(10).getCellStyle().getDataFormatString()).contains("$").contains("0.00");

            Row c1 = summary.getRow(1);
            assertThat(c1.getCell(0).getStringCellValue()).isEqualTo("C1");
            assertThat(c1.getCell(1).getCellType()).isEqualTo(CellType.STRING);   // "=HYPERLINK(...)" stays text
            assertThat(c1.getCell(1).getStringCellValue()).startsWith("=HYPERLINK");
            assertThat(c1.getCell(3).getNumericCellValue()).isEqualTo(3.0);       // sessions: A1, A2, G1 on the 5th
            assertThat(money(c1.getCell(4).getNumericCellValue())).isEqualTo(new BigDecimal("194.37")); // collections
            assertThat(c1.getCell(6).getCellStyle().getDataFormatString()).contains("$");

            Row rate = lines.getRow(1);
            assertThat(rate.getCell(9).getCellStyle().getDataFormatString()).contains("%");
            assertThat(rate.getCell(4).getCellStyle().getDataFormatString()).isEqualTo("yyyy-mm-dd");
            assertThat(rate.getCell(3).getStringCellValue()).matches("[0-9a-f]{10}");

            Sheet unattributed = wb.getSheet("Unattributed");
            assertThat(values(unattributed.getRow(1))).startsWith("P5", "A9");
            assertThat(everyText(wb)).noneMatch(t -> t.contains("CLIENT-SECRET"));
        }
    }

    @Test
    void aFinalizedMonthRegeneratesTheSameWorkbook() throws Exception {
        practice();
        Path first = payroll.run(MARCH, true, tmp.resolve("reports")).workbook();
        List<String> before = everyText(first);
        Files.delete(first);

        Path again = payroll.run(MARCH, false, tmp.resolve("reports")).workbook();

        assertThat(everyText(again)).isEqualTo(before);
        assertThat(before).contains("finalized");
    }

    @Test
    void linesThatOutgrowASheetGoOnInTheNext() throws Exception {
        practice();
        payroll.run(MARCH, false, tmp.resolve("reports"));

        Path file = workbook.write(MARCH, tmp.resolve("small"), ZoneId.of("America/New_York"), 3);

        try (Workbook wb = WorkbookFactory.create(file.toFile())) {
            assertThat(names(wb)).containsExactly("Summary", "Lines", "Lines (2)", "Unattributed", "About");
            assertThat(wb.getSheet("Lines").getLastRowNum()).isEqualTo(3);
            assertThat(values(wb.getSheet("Lines (2)").getRow(0))).containsExactlyElementsOf(PayrollWorkbook.LINES);
            assertThat(wb.getSheet("Lines (2)").getLastRowNum()).isEqualTo(3); // 6 lines in all
        }
    }

    private static BigDecimal money(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
    }

    private static List<String> names(Workbook wb) {
        List<String> names = new ArrayList<>();
        wb.forEach(s -> names.add(s.getSheetName()));
        return names;
    }

    private static List<String> values(Row row) {
        DataFormatter f = new DataFormatter();
        List<String> values = new ArrayList<>();
        row.forEach(c -> values.add(c.getCellType() == CellType.FORMULA ? "=" + c.getCellFormula() : f.formatCellValue(c)));
        return values;
    }

    private static List<String> everyText(Path file) throws Exception {
        try (Workbook wb = WorkbookFactory.create(file.toFile())) {
            return everyText(wb);
        }
    }

    private static List<String> everyText(Workbook wb) {
        List<String> all = new ArrayList<>();
        for (Sheet s : wb) {
            all.add(s.getSheetName());
            for (Row row : s) {
                all.addAll(values(row));
            }
        }
        return all;
    }
}

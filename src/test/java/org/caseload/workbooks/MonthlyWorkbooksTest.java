package org.caseload.workbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.caseload.EtlTestSupport;
import org.caseload.generate.PracticeGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.env.MockEnvironment;

/** Check-in and practice-health workbooks read back with POI against the weekly facts. */
class MonthlyWorkbooksTest extends EtlTestSupport {

    static final YearMonth OCTOBER = YearMonth.of(2026, 10);

    @Autowired
    MonthlyWorkbooks workbooks;

    private MonthlyWorkbooks.Written practice() throws Exception {
        PracticeGenerator.generate(new PracticeGenerator.Settings(12, 20, 5, LocalDate.of(2026, 11, 6),
                ZoneId.of("America/New_York"), List.of("salaried", "split-60", "base-plus", "tiered", "fee-for-service")),
                inbox.dir);
        assertThat(run(LocalDate.of(2026, 11, 6)).succeeded()).isTrue();
        return workbooks.write(OCTOBER, tmp.resolve("reports"));
    }

    @Test
    void aCheckInForEveryClinicianWithTheEightWeeksOfItsFactsAChartAndItsFlags() throws Exception {
        MonthlyWorkbooks.Written w = practice();

        int employed = count("select count(*) from clinician where hire_date <= '2026-10-31' "
                + "and coalesce(end_date, 'infinity') >= '2026-10-01'");
        assertThat(w.checkins()).hasSize(employed);
        // the last week whose Monday is in October is that of 2026-10-26; the 8 weeks start 2026-09-07
        List<LocalDate> mondays = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            mondays.add(LocalDate.of(2026, 9, 7).plusWeeks(i));
        }
        int blankRows = 0;
        for (Path file : w.checkins()) {
            String id = file.getFileName().toString().replace("check-in-2026-10-", "").replace(".xlsx", "");
            try (Workbook wb = WorkbookFactory.create(file.toFile())) {
                assertThat(names(wb)).containsExactly("Weekly", "Overview", "Conversation Prep");
                Sheet weekly = wb.getSheet("Weekly");
                assertThat(texts(weekly.getRow(0))).containsExactlyElementsOf(CheckinWorkbook.WEEKLY);
                assertThat(weekly.getLastRowNum()).isEqualTo(8);
                for (int r = 1; r <= 8; r++) {
                    Row row = weekly.getRow(r);
                    LocalDate monday = mondays.get(r - 1);
                    assertThat(row.getCell(0).getLocalDateTimeCellValue().toLocalDate()).isEqualTo(monday);
                    List<Map<String, Object>> facts = jdbc.queryForList("select * from clinician_week "
                            + "where clinician_id = ? and week_of = ?", id, monday);
                    if (facts.isEmpty()) {
                        assertThat(row.getCell(1) == null || row.getCell(1).getCellType() == CellType.BLANK).isTrue();
                        blankRows++;
                        continue;
                    }
                    Map<String, Object> f = facts.get(0);
                    double available = ((Number) f.get("available_hours")).doubleValue();
                    int contact = (Integer) f.get("contact_minutes");
                    assertThat(row.getCell(1).getNumericCellValue()).isCloseTo(available, within(1e-9));
                    assertThat(row.getCell(3).getNumericCellValue()).isCloseTo(contact / 60.0, within(0.006));
                    if (available > 0) {
                        assertThat(row.getCell(4).getNumericCellValue()).isCloseTo(contact / (available * 60), within(1e-6));
                        assertThat(row.getCell(4).getCellStyle().getDataFormatString()).contains("%");
                    } else {
                        assertThat(row.getCell(4).getCellType()).isEqualTo(CellType.BLANK);
                    }
                    assertThat((int) row.getCell(6).getNumericCellValue()).isEqualTo(f.get("completed_sessions"));
                    assertThat(row.getCell(11).getStringCellValue()).matches("\\d+–\\d+");
                }
                XSSFSheet overview = (XSSFSheet) wb.getSheet("Overview");
                List<XSSFChart> charts = overview.getDrawingPatriarch().getCharts();
                assertThat(charts).hasSize(1);
                assertThat(charts.get(0).getChartSeries().get(0).getSeriesCount()).isEqualTo(4);
                List<String> flags = jdbc.queryForList("select code from flag where clinician_id = ? "
                        + "and week_of between '2026-09-07' and '2026-10-26' order by week_of, code", String.class, id);
                List<String> shown = new ArrayList<>();
                boolean inFlags = false;
                for (Row row : overview) {
                    if (inFlags && row.getCell(1) != null) {
                        shown.add(row.getCell(1).getStringCellValue());
                    }
                    inFlags |= row.getCell(0) != null && row.getCell(0).getCellType() == CellType.STRING
                            && row.getCell(0).getStringCellValue().equals("Flags of these weeks");
                }
                assertThat(shown).isEqualTo(flags);
                assertThat(texts(wb.getSheet("Conversation Prep").getRow(1))).first().asString()
                        .startsWith("Reviewed 6-8 weeks");
            }
        }
        assertThat(blankRows).as("the clinician hired in the period has blank weeks").isPositive();
    }

    @Test
    void thePracticeHealthWorkbookHasItsSheetsColourScalesAndTheMonthsFlags() throws Exception {
        MonthlyWorkbooks.Written w = practice();

        assertThat(w.practiceHealth()).isEqualTo(tmp.resolve("reports/2026-10/practice-health-2026-10.xlsx"));
        try (Workbook wb = WorkbookFactory.create(w.practiceHealth().toFile())) {
            assertThat(names(wb)).containsExactly("Clinicians", "Heatmap", "Flags", "Practice");
            assertThat(texts(wb.getSheet("Clinicians").getRow(0))).containsExactlyElementsOf(PracticeHealthWorkbook.CLINICIANS);
            assertThat(texts(wb.getSheet("Flags").getRow(0))).containsExactlyElementsOf(PracticeHealthWorkbook.FLAGS);
            assertThat(texts(wb.getSheet("Practice").getRow(0))).containsExactlyElementsOf(PracticeHealthWorkbook.PRACTICE);
            assertThat(wb.getSheet("Clinicians").getSheetConditionalFormatting().getNumConditionalFormattings()).isPositive();
            Sheet heatmap = wb.getSheet("Heatmap");
            assertThat(heatmap.getRow(0).getLastCellNum()).isEqualTo((short) 14);   // id, name, 12 weeks
            assertThat(heatmap.getSheetConditionalFormatting().getConditionalFormattingAt(0).getRule(0)
                    .getColorScaleFormatting()).isNotNull();
            int monthFlags = count("select count(*) from flag where week_of between '2026-10-01' and '2026-10-31'");
            assertThat(wb.getSheet("Flags").getLastRowNum()).isEqualTo(monthFlags);
            assertThat(((XSSFSheet) wb.getSheet("Practice")).getDrawingPatriarch().getCharts()).hasSize(1);
        }
    }

    @Test
    void withAPasswordWorkbooksAreEncryptedAndOpenOnlyWithIt() throws Exception {
        WorkbookFiles files = new WorkbookFiles(new MockEnvironment().withProperty("CASELOAD_REPORT_PASSWORD", "s3cret"));
        Path file = tmp.resolve("locked.xlsx");
        try (SXSSFWorkbook wb = new SXSSFWorkbook()) {
            wb.createSheet("Data").createRow(0).createCell(0).setCellValue("payroll");
            files.save(wb, file);
        }

        try (Workbook wb = WorkbookFactory.create(file.toFile(), "s3cret", true)) {
            assertThat(wb.getSheet("Data").getRow(0).getCell(0).getStringCellValue()).isEqualTo("payroll");
        }
        assertThatThrownBy(() -> WorkbookFactory.create(file.toFile())).isNotNull();
        assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("payroll");
    }

    @Test
    void clinicianIdsAreMadeSafeForFileNames() {
        assertThat(CheckinWorkbook.safe("A/B 1:é.x-y_z")).isEqualTo("A_B_1__.x-y_z");
    }

    private static List<String> names(Workbook wb) {
        List<String> names = new ArrayList<>();
        wb.forEach(s -> names.add(s.getSheetName()));
        return names;
    }

    private static List<String> texts(Row row) {
        List<String> values = new ArrayList<>();
        row.forEach(c -> values.add(c.getCellType() == CellType.STRING ? c.getStringCellValue() : c.toString()));
        return values;
    }
}

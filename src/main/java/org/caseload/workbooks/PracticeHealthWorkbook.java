package org.caseload.workbooks;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.poi.ss.usermodel.ComparisonOperator;
import org.apache.poi.ss.usermodel.ConditionalFormattingRule;
import org.apache.poi.ss.usermodel.ExtendedColor;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.PatternFormatting;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.SheetConditionalFormatting;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.caseload.CaseloadProperties.Policy;

/**
 * The practice-health workbook of a month (contract section 7): Clinicians, Heatmap (12 weeks),
 * Flags, Practice (weekly trend with a chart); utilization graded against the target band.
 */
public final class PracticeHealthWorkbook {

    public static final List<String> CLINICIANS = List.of("Clinician ID", "Clinician", "Tenure Month", "Ramp Stage",
            "Utilization 4W", "Utilization 8W", "Sessions/Week 8W", "No-Show Rate 8W", "Active Caseload", "Intakes 8W",
            "Flags");
    public static final List<String> FLAGS = List.of("Week Of", "Clinician ID", "Code", "Pattern", "Detail");
    public static final List<String> PRACTICE = List.of("Week Of", "Available Hours", "Contact Hours", "Utilization",
            "No-Show Rate", "Intakes", "New Clients", "Clinicians Flagged");

    private final Policy policy;
    private final WorkbookFiles files;
    private final CheckinWorkbook checkins;

    public PracticeHealthWorkbook(Policy policy, WorkbookFiles files) {
        this.policy = policy;
        this.files = files;
        this.checkins = new CheckinWorkbook(policy, files);
    }

    public Path write(MonthFacts facts, Path reports) throws IOException {
        Path file = reports.resolve(facts.month().toString()).resolve("practice-health-" + facts.month() + ".xlsx");
        try (SXSSFWorkbook wb = new SXSSFWorkbook(200)) {
            Styles s = new Styles(wb);
            clinicians(wb, s, facts);
            heatmap(wb, s, facts);
            flags(wb, s, facts);
            practice(wb, s, facts);
            files.save(wb, file);
        }
        return file;
    }

    private void clinicians(SXSSFWorkbook wb, Styles s, MonthFacts facts) {
        SheetWriter out = new SheetWriter(wb, s, "Clinicians", CLINICIANS, new int[] {14, 24, 12, 30, 14, 14, 16, 16, 15, 11, 40});
        LocalDate last = MonthFacts.lastMonday(facts.month());
        for (MonthFacts.Clinician c : facts.clinicians().values()) {
            MonthFacts.Week w = c.latest(facts.mondays());
            Set<String> codes = new LinkedHashSet<>();
            c.flags().stream().filter(f -> !f.week().isBefore(facts.month().atDay(1)) && !f.week().isAfter(last))
                    .forEach(f -> codes.add(f.code()));
            out.row().text(c.id()).text(c.name());
            if (w == null) {
                out.text(null).text(null).text(null).text(null).text(null).text(null).text(null).text(null);
            } else {
                out.number(w.tenureMonth()).text(checkins.stage(w.tenureMonth())).number(w.trailing4(), s.percent)
                        .number(w.trailing8(), s.percent).number(w.sessionsPerWeek8(), s.decimal)
                        .number(w.noShowRate8(), s.percent).number(w.activeCaseload()).number(w.intakes8());
            }
            out.text(String.join(", ", codes));
        }
        int lastRow = out.excelRow() - 1;
        out.finish();
        grade(out.sheet(), "E2:F" + Math.max(2, lastRow));
    }

    private void heatmap(SXSSFWorkbook wb, Styles s, MonthFacts facts) {
        List<String> headers = new ArrayList<>(List.of("Clinician ID", "Clinician"));
        facts.mondays().forEach(m -> headers.add(m.toString()));
        int[] widths = new int[headers.size()];
        java.util.Arrays.fill(widths, 11);
        widths[1] = 24;
        SheetWriter out = new SheetWriter(wb, s, "Heatmap", headers, widths);
        for (MonthFacts.Clinician c : facts.clinicians().values()) {
            out.row().text(c.id()).text(c.name());
            for (LocalDate monday : facts.mondays()) {
                MonthFacts.Week w = c.weeks().get(monday);
                out.number(w == null ? null : w.utilization(), s.percent);
            }
        }
        int lastRow = out.excelRow() - 1;
        out.finish();
        String range = "C2:" + column(headers.size() - 1) + Math.max(2, lastRow);
        SheetConditionalFormatting cf = out.sheet().getSheetConditionalFormatting();
        ConditionalFormattingRule scale = cf.createConditionalFormattingColorScaleRule();
        var colorScale = scale.getColorScaleFormatting();
        colorScale.getThresholds()[0].setRangeType(org.apache.poi.ss.usermodel.ConditionalFormattingThreshold.RangeType.NUMBER);
        colorScale.getThresholds()[0].setValue(policy.lowUtilization().below().doubleValue());
        colorScale.getThresholds()[1].setRangeType(org.apache.poi.ss.usermodel.ConditionalFormattingThreshold.RangeType.NUMBER);
        colorScale.getThresholds()[1].setValue((policy.utilizationTarget().min().doubleValue()
                + policy.utilizationTarget().max().doubleValue()) / 2);
        colorScale.getThresholds()[2].setRangeType(org.apache.poi.ss.usermodel.ConditionalFormattingThreshold.RangeType.NUMBER);
        colorScale.getThresholds()[2].setValue(policy.burnout().utilizationAbove().doubleValue());
        ExtendedColor[] colors = new ExtendedColor[3];
        String[] argb = {"FFF8696B", "FF63BE7B", "FFFFA500"}; // low red, target green, burnout amber
        for (int i = 0; i < 3; i++) {
            colors[i] = wb.getCreationHelper().createExtendedColor();
            colors[i].setARGBHex(argb[i]);
        }
        colorScale.setColors(colors);
        cf.addConditionalFormatting(new CellRangeAddress[] {CellRangeAddress.valueOf(range)}, scale);
    }

    private void flags(SXSSFWorkbook wb, Styles s, MonthFacts facts) {
        SheetWriter out = new SheetWriter(wb, s, "Flags", FLAGS, new int[] {12, 14, 26, 14, 100});
        for (MonthFacts.Flag f : facts.monthFlags()) {
            out.row().date(f.week()).text(f.clinicianId()).text(f.code()).text(f.pattern()).text(f.detail());
        }
        out.finish();
    }

    private void practice(SXSSFWorkbook wb, Styles s, MonthFacts facts) {
        SheetWriter out = new SheetWriter(wb, s, "Practice", PRACTICE, new int[] {12, 15, 14, 12, 13, 9, 12, 18});
        List<Double> utilization = new ArrayList<>();
        for (LocalDate monday : facts.mondays()) {
            BigDecimal available = BigDecimal.ZERO;
            long contact = 0;
            long all = 0;
            long missed = 0;
            int intakes = 0;
            int newClients = 0;
            for (MonthFacts.Clinician c : facts.clinicians().values()) {
                MonthFacts.Week w = c.weeks().get(monday);
                if (w != null) {
                    available = available.add(w.availableHours());
                    contact += w.contactMinutes();
                    all += w.completedRows() + w.noShowRows() + w.lateCancelRows();
                    missed += w.noShowRows() + w.lateCancelRows();
                    intakes += w.intakes();
                    newClients += w.newClients();
                }
            }
            long flagged = facts.clinicians().values().stream()
                    .filter(c -> c.flags().stream().anyMatch(f -> f.week().equals(monday))).count();
            BigDecimal util = available.signum() == 0 ? null : BigDecimal.valueOf(contact)
                    .divide(available.multiply(BigDecimal.valueOf(60)), 6, java.math.RoundingMode.HALF_UP);
            utilization.add(util == null ? null : util.doubleValue());
            out.row().date(monday).number(available, s.decimal)
                    .number(CheckinWorkbook.hours((int) contact), s.decimal).number(util, s.percent)
                    .number(all == 0 ? null : BigDecimal.valueOf(missed).divide(BigDecimal.valueOf(all), 6,
                            java.math.RoundingMode.HALF_UP), s.percent)
                    .number(intakes).number(newClients).number(flagged);
        }
        int lastRow = out.excelRow() - 1;
        out.finish();
        grade(out.sheet(), "D2:D" + Math.max(2, lastRow));
        String[] labels = facts.mondays().stream().map(LocalDate::toString).toArray(String[]::new);
        Charts.line(wb.getXSSFWorkbook(), "Practice", "Practice utilization", labels, "Practice!$A$2:$A$" + lastRow,
                List.of(new Charts.Series("Utilization", "Practice!$D$2:$D$" + lastRow, utilization.toArray(Double[]::new))),
                true, 9, 1, 18, 20);
    }

    /** Utilization cells: green inside the target band, red below it, amber above it. */
    private void grade(Sheet sheet, String range) {
        SheetConditionalFormatting cf = sheet.getSheetConditionalFormatting();
        ConditionalFormattingRule within = cf.createConditionalFormattingRule(ComparisonOperator.BETWEEN,
                policy.utilizationTarget().min().toPlainString(), policy.utilizationTarget().max().toPlainString());
        fill(within, IndexedColors.LIGHT_GREEN);
        ConditionalFormattingRule below = cf.createConditionalFormattingRule(ComparisonOperator.LT,
                policy.utilizationTarget().min().toPlainString());
        fill(below, IndexedColors.ROSE);
        ConditionalFormattingRule above = cf.createConditionalFormattingRule(ComparisonOperator.GT,
                policy.utilizationTarget().max().toPlainString());
        fill(above, IndexedColors.LIGHT_ORANGE);
        cf.addConditionalFormatting(new CellRangeAddress[] {CellRangeAddress.valueOf(range)},
                new ConditionalFormattingRule[] {within, below, above});
    }

    private static void fill(ConditionalFormattingRule rule, IndexedColors color) {
        PatternFormatting p = rule.createPatternFormatting();
        p.setFillBackgroundColor(color.getIndex());
        p.setFillPattern(FillPatternType.SOLID_FOREGROUND.getCode());
    }

    private static String column(int index) {
        StringBuilder b = new StringBuilder();
        for (int i = index + 1; i > 0; i = (i - 1) / 26) {
            b.insert(0, (char) ('A' + (i - 1) % 26));
        }
        return b.toString();
    }

}

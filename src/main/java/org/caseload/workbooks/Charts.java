package org.caseload.workbooks;

import java.util.List;

import org.apache.poi.xddf.usermodel.PresetLineDash;
import org.apache.poi.xddf.usermodel.XDDFColor;
import org.apache.poi.xddf.usermodel.XDDFLineProperties;
import org.apache.poi.xddf.usermodel.XDDFPresetLineDash;
import org.apache.poi.xddf.usermodel.XDDFShapeProperties;
import org.apache.poi.xddf.usermodel.XDDFSolidFillProperties;
import org.apache.poi.xddf.usermodel.chart.AxisCrosses;
import org.apache.poi.xddf.usermodel.chart.MarkerStyle;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.LegendPosition;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryAxis;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFLineChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFNumericalDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFClientAnchor;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Line charts on XSSF workbooks. SXSSF cannot draw charts: a streaming workbook passes its backing
 * XSSF workbook. The series refer to cell ranges of the workbook and carry the values as a cache.
 */
public final class Charts {

    private Charts() {
    }

    /** A series: its name, the cell range it reads (e.g. Weekly!$E$2:$E$9), and its values (null for blank). */
    public record Series(String name, String range, Double[] values, String rgb, boolean dashed) {
        public Series(String name, String range, Double[] values) {
            this(name, range, values, "1F77B4", false);
        }
    }

    /** Draws a line chart of the series over the category labels, at columns/rows [col1, row1) to [col2, row2). */
    public static XSSFChart line(XSSFWorkbook wb, String sheet, String title, String[] labels, String labelRange,
            List<Series> series, boolean percent, int col1, int row1, int col2, int row2) {
        XSSFDrawing drawing = wb.getSheet(sheet).createDrawingPatriarch();
        XSSFClientAnchor anchor = drawing.createAnchor(0, 0, 0, 0, col1, row1, col2, row2);
        XSSFChart chart = drawing.createChart(anchor);
        chart.setTitleText(title);
        chart.setTitleOverlay(false);
        chart.getOrAddLegend().setPosition(LegendPosition.BOTTOM);
        XDDFCategoryAxis bottom = chart.createCategoryAxis(AxisPosition.BOTTOM);
        XDDFValueAxis left = chart.createValueAxis(AxisPosition.LEFT);
        left.setCrosses(AxisCrosses.AUTO_ZERO);
        if (percent) {
            left.setNumberFormat("0%");
        }
        XDDFCategoryDataSource categories = XDDFDataSourcesFactory.fromArray(labels, labelRange, 0);
        XDDFLineChartData data = (XDDFLineChartData) chart.createData(ChartTypes.LINE, bottom, left);
        for (Series s : series) {
            XDDFNumericalDataSource<Double> values = XDDFDataSourcesFactory.fromArray(s.values(), s.range(), 0);
            XDDFLineChartData.Series line = (XDDFLineChartData.Series) data.addSeries(categories, values);
            line.setTitle(s.name(), null);
            line.setSmooth(false);
            line.setMarkerStyle(MarkerStyle.NONE);
            XDDFLineProperties stroke = new XDDFLineProperties();
            stroke.setFillProperties(new XDDFSolidFillProperties(XDDFColor.from(java.util.HexFormat.of().parseHex(s.rgb()))));
            stroke.setWidth(2.0);
            if (s.dashed()) {
                stroke.setPresetDash(new XDDFPresetLineDash(PresetLineDash.DASH));
            }
            XDDFShapeProperties shape = line.getShapeProperties() != null ? line.getShapeProperties() : new XDDFShapeProperties();
            shape.setLineProperties(stroke);
            line.setShapeProperties(shape);
        }
        data.setVaryColors(false);
        chart.plot(data);
        // a week without available hours has no utilization: a gap in the line, not a zero
        var blanks = chart.getCTChart().isSetDispBlanksAs() ? chart.getCTChart().getDispBlanksAs()
                : chart.getCTChart().addNewDispBlanksAs();
        blanks.setVal(org.openxmlformats.schemas.drawingml.x2006.chart.STDispBlanksAs.GAP);
        return chart;
    }
}

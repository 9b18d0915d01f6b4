package org.caseload.workbooks;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;

/**
 * Writes one table to a sheet: a header row, frozen and filtered, then data rows. Text from
 * input files goes in as text cells (never as a formula); numbers as numeric cells. A table that
 * outgrows a sheet's row limit goes on in "Name (2)", "Name (3)", ... with the same header.
 */
public final class SheetWriter {

    /** Rows of data a sheet holds besides its header (Excel's limit is 1,048,576 rows). */
    public static final int MAX_DATA_ROWS = 1_048_575;

    private final Workbook wb;
    private final Styles styles;
    private final String name;
    private final List<String> headers;
    private final int[] widths;
    private final int maxDataRows;
    /** The workbook's default style, set on every cell without one: a cell without a style makes POI
     *  look up its column's style as it writes it, a search through the column definitions. */
    private final CellStyle plain;
    private Sheet sheet;
    private int sheets;
    private int rowIndex;
    private Row row;
    private int column;

    public SheetWriter(Workbook wb, Styles styles, String name, List<String> headers, int[] widths, int maxDataRows) {
        this.wb = wb;
        this.styles = styles;
        this.name = name;
        this.headers = headers;
        this.widths = widths;
        this.maxDataRows = maxDataRows;
        this.plain = wb.getCellStyleAt(0);
        newSheet();
    }

    public SheetWriter(Workbook wb, Styles styles, String name, List<String> headers, int[] widths) {
        this(wb, styles, name, headers, widths, MAX_DATA_ROWS);
    }

    private void newSheet() {
        if (sheet != null) {
            finishSheet();
        }
        sheets++;
        sheet = wb.createSheet(sheets == 1 ? name : name + " (" + sheets + ")");
        Row header = sheet.createRow(0);
        for (int i = 0; i < headers.size(); i++) {
            Cell c = header.createCell(i);
            c.setCellValue(headers.get(i));
            c.setCellStyle(styles.header);
            sheet.setColumnWidth(i, Math.max(widths[i], headers.get(i).length() + 3) * 256);
        }
        sheet.createFreezePane(0, 1);
        rowIndex = 1;
    }

    /** Starts a data row. */
    public SheetWriter row() {
        if (rowIndex > maxDataRows) {
            newSheet();
        }
        row = sheet.createRow(rowIndex++);
        column = 0;
        return this;
    }

    public SheetWriter text(String value) {
        Cell c = row.createCell(column++);
        c.setCellStyle(plain);
        if (value != null) {
            c.setCellValue(value); // a string cell: "=..." stays text
        }
        return this;
    }

    public SheetWriter number(BigDecimal value, CellStyle style) {
        Cell c = row.createCell(column++);
        c.setCellStyle(value == null ? plain : style);
        if (value != null) {
            c.setCellValue(value.doubleValue());
        }
        return this;
    }

    public SheetWriter number(long value) {
        Cell c = row.createCell(column++);
        c.setCellValue(value);
        c.setCellStyle(styles.number);
        return this;
    }

    public SheetWriter date(LocalDate value) {
        Cell c = row.createCell(column++);
        c.setCellStyle(value == null ? plain : styles.date);
        if (value != null) {
            c.setCellValue(value);
        }
        return this;
    }

    public SheetWriter formula(String formula, CellStyle style) {
        Cell c = row.createCell(column++);
        c.setCellFormula(formula);
        c.setCellStyle(style);
        return this;
    }

    /** The 1-based row number of the row being written (for formulas). */
    public int excelRow() {
        return rowIndex;
    }

    public int dataRows() {
        return rowIndex - 1;
    }

    public Sheet sheet() {
        return sheet;
    }

    /** Adds the auto filter over header and data of the last sheet; call once at the end. */
    public void finish() {
        finishSheet();
    }

    private void finishSheet() {
        sheet.setAutoFilter(new CellRangeAddress(0, Math.max(0, rowIndex - 1), 0, headers.size() - 1));
    }
}

package org.caseload.workbooks;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormat;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Workbook;

/** The cell styles every workbook uses: header, money, percent, date, plain number, text. */
public final class Styles {

    public final CellStyle header;
    public final CellStyle money;
    public final CellStyle moneyTotal;
    public final CellStyle percent;
    public final CellStyle date;
    public final CellStyle number;
    public final CellStyle decimal;
    public final CellStyle text;
    public final CellStyle bold;

    public Styles(Workbook wb) {
        DataFormat format = wb.createDataFormat();
        Font boldFont = wb.createFont();
        boldFont.setBold(true);
        header = wb.createCellStyle();
        header.setFont(boldFont);
        bold = header;
        money = wb.createCellStyle();
        money.setDataFormat(format.getFormat("\"$\"#,##0.00;-\"$\"#,##0.00"));
        moneyTotal = wb.createCellStyle();
        moneyTotal.cloneStyleFrom(money);
        moneyTotal.setFont(boldFont);
        percent = wb.createCellStyle();
        percent.setDataFormat(format.getFormat("0.0%"));
        date = wb.createCellStyle();
        date.setDataFormat(format.getFormat("yyyy-mm-dd"));
        number = wb.createCellStyle();
        number.setDataFormat(format.getFormat("0"));
        decimal = wb.createCellStyle();
        decimal.setDataFormat(format.getFormat("0.0"));
        text = wb.createCellStyle();
        text.setDataFormat(format.getFormat("@"));
    }
}

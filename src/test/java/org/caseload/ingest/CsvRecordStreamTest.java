package org.caseload.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvRecordStreamTest {

    @TempDir
    Path tmp;

    private List<CsvRecordStream.Record> read(byte[] content) throws Exception {
        Path file = tmp.resolve("f.csv");
        Files.write(file, content);
        List<CsvRecordStream.Record> records = new ArrayList<>();
        try (CsvRecordStream stream = new CsvRecordStream(file)) {
            for (CsvRecordStream.Record r; (r = stream.next()) != null;) {
                records.add(r);
            }
        }
        return records;
    }

    private List<CsvRecordStream.Record> read(String content) throws Exception {
        return read(content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void linesAndRawTextOfEveryRecordWithCrlfBlankLinesAndAQuotedLineBreak() throws Exception {
        List<CsvRecordStream.Record> records = read("a,b\r\n1,2\r\n\r\n\r\n3,\"multi\r\nline, \"\"quoted\"\"\"\r\n4,5");

        assertThat(records).extracting(CsvRecordStream.Record::lineNo).containsExactly(1, 2, 5, 7);
        assertThat(records).extracting(CsvRecordStream.Record::raw)
                .containsExactly("a,b", "1,2", "3,\"multi\r\nline, \"\"quoted\"\"\"", "4,5");
        assertThat(records.get(2).fields()[1]).isEqualTo("multi\r\nline, \"quoted\"");
    }

    @Test
    void byteOrderMarkIsNotPartOfTheFirstHeader() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] text = "clinician_id,x\nC1,é\n".getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, content, 0, 3);
        System.arraycopy(text, 0, content, 3, text.length);

        List<CsvRecordStream.Record> records = read(content);

        assertThat(records.get(0).fields()[0]).isEqualTo("clinician_id");
        assertThat(records.get(1).raw()).isEqualTo("C1,é");
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsText() throws Exception {
        List<CsvRecordStream.Record> records = read("a,b\n5'10\" tall,x\nnext,y\n");

        assertThat(records).extracting(CsvRecordStream.Record::raw).containsExactly("a,b", "5'10\" tall,x", "next,y");
        assertThat(records).extracting(CsvRecordStream.Record::lineNo).containsExactly(1, 2, 3);
    }

    @Test
    void anUnterminatedQuoteMakesTheRestOfTheFileOneMalformedRecord() throws Exception {
        assertMalformedFromLine3("a,b\n1,2\n3,\"open\n4,5\n", "3,\"open\n4,5");
    }

    @Test
    void textAfterAClosingQuoteMakesTheRestOfTheFileOneMalformedRecord() throws Exception {
        assertMalformedFromLine3("a,b\n1,2\n\"3\"x,4\n5,6\n", "\"3\"x,4\n5,6");
    }

    @Test
    void aMalformedRecordKeepsTheRestOfTheFileBeyondWhatTheParserHadRead() throws Exception {
        StringBuilder rest = new StringBuilder("\"3\"x,4");
        for (int i = 0; i < 50_000; i++) {
            rest.append('\n').append(i).append(",y");
        }

        assertMalformedFromLine3("a,b\n1,2\n" + rest + "\n", rest.toString());
    }

    @Test
    void lineNumbersAndRawTextAcrossReadsWithLineBreaksInQuotedFields() throws Exception {
        String[] breaks = {"\n", "\r\n", "\r"};
        StringBuilder content = new StringBuilder("a,b\n");
        List<String> raws = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        int line = 2;
        for (int i = 0; i < 20_000; i++) {
            String inside = breaks[i % 3];
            String raw = i % 7 == 0 ? i + ",\"x" + inside + "y" + inside + "\"\"z\"" : i + ",plain";
            raws.add(raw);
            lines.add(line);
            content.append(raw).append(breaks[i % 2]);
            line += 1 + (i % 7 == 0 ? 2 : 0);
            if (i % 11 == 0) {
                content.append("\r\n");
                line++;
            }
        }

        List<CsvRecordStream.Record> records = read(content.toString());

        assertThat(records.subList(1, records.size())).extracting(CsvRecordStream.Record::raw).isEqualTo(raws);
        assertThat(records.subList(1, records.size())).extracting(CsvRecordStream.Record::lineNo).isEqualTo(lines);
    }

    /** Lines 1 and 2 are records "a,b" and "1,2"; from line 3 on the file is one malformed record, then nothing. */
    private void assertMalformedFromLine3(String content, String rest) throws Exception {
        Path file = tmp.resolve("bad.csv");
        Files.writeString(file, content);
        try (CsvRecordStream stream = new CsvRecordStream(file)) {
            assertThat(stream.next().raw()).isEqualTo("a,b");
            assertThat(stream.next().raw()).isEqualTo("1,2");
            assertThatThrownBy(stream::next).isInstanceOfSatisfying(CsvRecordStream.MalformedCsv.class, e -> {
                assertThat(e.lineNo).isEqualTo(3);
                assertThat(e.raw).isEqualTo(rest);
            });
            assertThat(stream.next()).isNull();
        }
    }

    @Test
    void recordsMayHaveFewerOrMoreFieldsThanTheHeader() throws Exception {
        List<CsvRecordStream.Record> records = read("a,b,c\n1\n1,2,3,4\n");

        assertThat(records).extracting(r -> r.fields().length).containsExactly(3, 1, 4);
        assertThat(records).extracting(CsvRecordStream.Record::lineNo).containsExactly(1, 2, 3);
    }
}

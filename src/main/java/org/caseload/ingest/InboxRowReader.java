package org.caseload.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the rows of the file of its partition (see {@link InboxFilePartitioner}; without one, of
 * every file the run registered, file after file), one record in memory at a time. Its position
 * (file, records read) is saved with every chunk, so a restarted run goes on after the last
 * committed chunk: no row twice, none missing. One reader a worker step (see {@link StageFileRows}).
 */
class InboxRowReader implements ItemStreamReader<InboxRow>, StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(InboxRowReader.class);
    private static final String FILE_INDEX = "inbox.file.index";
    private static final String RECORDS = "inbox.file.records";

    private final JdbcTemplate jdbc;
    private final Progress progress;

    private long jobInstanceId;
    private Path inbox;
    private List<InboxFile> files = List.of();
    private int fileIndex;
    private int recordsRead;
    private CsvRecordStream stream;
    /** For each of the kind's columns, its index in the file's records, or -1. */
    private int[] columnIndex;
    /** Set when the header itself is not CSV: the whole file becomes one MALFORMED_CSV row. */
    private CsvRecordStream.MalformedCsv malformedHeader;

    InboxRowReader(JdbcTemplate jdbc, Progress progress) {
        this.jdbc = jdbc;
        this.progress = progress;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        jobInstanceId = stepExecution.getJobExecution().getJobInstance().getInstanceId();
        inbox = Path.of(stepExecution.getJobExecution().getJobParameters().getString(EtlJobConfiguration.INBOX));
    }

    @Override
    public void open(ExecutionContext context) {
        files = RegisterInboxFiles.filesToLoad(jdbc, jobInstanceId, inbox);
        if (context.containsKey(InboxFilePartitioner.FILE_ID)) {
            long id = context.getLong(InboxFilePartitioner.FILE_ID);
            files = files.stream().filter(f -> f.fileId() == id).toList();
        }
        fileIndex = context.getInt(FILE_INDEX, 0);
        int skip = context.getInt(RECORDS, 0);
        if (fileIndex < files.size()) {
            openFile(skip);
        }
    }

    @Override
    public void update(ExecutionContext context) {
        context.putInt(FILE_INDEX, fileIndex);
        context.putInt(RECORDS, recordsRead);
        if (stream != null) {
            progress.read(files.get(fileIndex).fileId(), stream.position());
        }
    }

    @Override
    public InboxRow read() {
        while (stream != null) {
            InboxFile file = files.get(fileIndex);
            Object next = nextRecord();
            if (next instanceof CsvRecordStream.MalformedCsv e) {
                recordsRead++;
                return new InboxRow(file, e.lineNo, e.raw, new String[file.kind().columns().size()], e.getMessage());
            }
            CsvRecordStream.Record record = (CsvRecordStream.Record) next;
            if (record == null) {
                closeStream();
                progress.read(file.fileId(), file.path().toFile().length());
                fileIndex++;
                if (fileIndex < files.size()) {
                    openFile(0);
                }
                continue;
            }
            recordsRead++;
            if (isBlank(record.fields())) {
                continue; // a line whose fields are all empty is not a data row
            }
            return new InboxRow(file, record.lineNo(), record.raw(), values(record.fields()), null);
        }
        return null;
    }

    @Override
    public void close() {
        closeStream();
    }

    private static boolean isBlank(String[] fields) {
        for (String field : fields) {
            if (!field.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private String[] values(String[] fields) {
        String[] values = new String[columnIndex.length];
        for (int i = 0; i < columnIndex.length; i++) {
            int at = columnIndex[i];
            if (at >= 0) {
                values[i] = at < fields.length ? fields[at].strip() : "";
            }
        }
        return values;
    }

    private void openFile(int skip) {
        InboxFile file = files.get(fileIndex);
        recordsRead = 0;
        try {
            if (skip > 0 && !file.sha256().equals(RegisterInboxFiles.sha256(file.path()))) {
                throw new ItemStreamException("Inbox file " + file.name() + " changed since the interrupted run "
                        + "started reading it; put the original file back to finish that run");
            }
            stream = new CsvRecordStream(file.path());
            readHeader(file);
            for (int i = 0; i < skip; i++) {
                nextRecord();
                recordsRead++;
            }
        } catch (IOException e) {
            throw new ItemStreamException("Cannot read inbox file " + file.path() + ": " + e.getMessage(), e);
        }
    }

    /** The next record; a MALFORMED_CSV row when the file stops being CSV (then the end). */
    private Object nextRecord() {
        if (malformedHeader != null) {
            CsvRecordStream.MalformedCsv e = malformedHeader;
            malformedHeader = null;
            return e;
        }
        try {
            return stream.next();
        } catch (CsvRecordStream.MalformedCsv e) {
            return e;
        }
    }

    private void readHeader(InboxFile file) {
        List<String> columns = file.kind().columns();
        columnIndex = new int[columns.size()];
        Arrays.fill(columnIndex, -1);
        CsvRecordStream.Record header;
        try {
            header = stream.next();
        } catch (CsvRecordStream.MalformedCsv e) {
            malformedHeader = e;
            return;
        }
        if (header == null) {
            return;
        }
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < header.fields().length; i++) {
            String name = header.fields()[i].strip().toLowerCase(Locale.ROOT);
            int column = columns.indexOf(name);
            if (column >= 0 && columnIndex[column] < 0) {
                columnIndex[column] = i;
            } else if (!name.isEmpty()) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            log.warn("{}: unknown columns ignored: {}", file.name(), String.join(", ", unknown));
        }
        List<String> missing = columns.stream()
                .filter(c -> file.kind().isRequired(c) && columnIndex[columns.indexOf(c)] < 0).toList();
        if (!missing.isEmpty()) {
            log.warn("{}: required columns missing: {}; every row is rejected", file.name(), String.join(", ", missing));
        }
    }

    private void closeStream() {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            stream = null;
        }
    }
}

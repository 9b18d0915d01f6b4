package org.caseload.workbooks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Workbook;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Saves workbooks: into a temporary file beside the target, then moved into place, so a reader
 * never sees half a workbook; encrypted (OOXML agile) with CASELOAD_REPORT_PASSWORD when set.
 */
@Component
public class WorkbookFiles {

    private final Environment env;

    WorkbookFiles(Environment env) {
        this.env = env;
    }

    public void save(Workbook wb, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        String password = env.getProperty("CASELOAD_REPORT_PASSWORD");
        try {
            if (password == null || password.isEmpty()) {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    wb.write(out);
                }
            } else {
                try (POIFSFileSystem fs = new POIFSFileSystem()) {
                    Encryptor encryptor = new EncryptionInfo(EncryptionMode.agile).getEncryptor();
                    encryptor.confirmPassword(password);
                    try (OutputStream out = encryptor.getDataStream(fs)) {
                        wb.write(out);
                    }
                    try (OutputStream out = Files.newOutputStream(tmp)) {
                        fs.writeFilesystem(out);
                    }
                } catch (java.security.GeneralSecurityException e) {
                    throw new IOException("Cannot encrypt " + file.getFileName() + ": " + e.getMessage(), e);
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

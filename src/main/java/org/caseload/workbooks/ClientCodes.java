package org.caseload.workbooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The Client Code that stands for a client in workbooks: the first 10 hex characters of
 * HMAC-SHA256(CASELOAD_CLIENT_KEY, client_id). Without that variable, a random key is made once
 * and kept in the database, so codes stay the same from one workbook to the next.
 */
@Component
public class ClientCodes {

    private static final Logger log = LoggerFactory.getLogger(ClientCodes.class);

    private final Environment env;
    private final JdbcTemplate jdbc;
    private volatile byte[] key;

    ClientCodes(Environment env, JdbcTemplate jdbc) {
        this.env = env;
        this.jdbc = jdbc;
    }

    public String code(String clientId) {
        if (clientId == null) {
            return null;
        }
        return HexFormat.of().formatHex(macs.get().doFinal(clientId.getBytes(StandardCharsets.UTF_8))).substring(0, 10);
    }

    /** A Mac a thread, made once: a payroll workbook codes a client on each of up to a million lines. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(() -> {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private byte[] key() {
        if (key == null) {
            String configured = env.getProperty("CASELOAD_CLIENT_KEY");
            if (configured != null && !configured.isBlank()) {
                key = configured.getBytes(StandardCharsets.UTF_8);
            } else {
                key = storedKey().getBytes(StandardCharsets.UTF_8);
            }
        }
        return key;
    }

    private String storedKey() {
        List<String> stored = jdbc.queryForList("select key from client_code_key", String.class);
        if (!stored.isEmpty()) {
            return stored.get(0);
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        jdbc.update("insert into client_code_key (key) values (?) on conflict do nothing", HexFormat.of().formatHex(random));
        log.warn("CASELOAD_CLIENT_KEY is not set: client codes use a key made for this database");
        return jdbc.queryForObject("select key from client_code_key", String.class);
    }
}

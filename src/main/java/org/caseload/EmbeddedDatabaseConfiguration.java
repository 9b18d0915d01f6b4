package org.caseload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * With no {@code spring.datasource.url}, Caseload runs on an embedded PostgreSQL server whose
 * data lives under {@code caseload.data-dir} (default {@code data/}) and is kept between runs.
 * An empty {@code caseload.data-dir} gives a throw-away database. The embedded server is meant
 * for trying Caseload and for tests; production points {@code SPRING_DATASOURCE_URL} at a real
 * PostgreSQL server. Either way the same Flyway migrations build the same schema.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(Environment env) throws IOException {
        String dataDir = env.getProperty("caseload.data-dir", "data");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_wal_size", "4GB")
                .setServerConfig("shared_buffers", "512MB")
                .setServerConfig("work_mem", "64MB")
                .setServerConfig("maintenance_work_mem", "256MB");
        if (!dataDir.isBlank()) {
            Path dir = Path.of(dataDir, "postgres").toAbsolutePath();
            Files.createDirectories(dir);
            builder.setDataDirectory(dir).setCleanDataDirectory(false);
            log.info("Embedded PostgreSQL, data in {}", dir);
        }
        return builder.start();
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres postgres, Environment env) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        ds.setUsername("postgres");
        ds.setMaximumPoolSize(env.getProperty("spring.datasource.hikari.maximum-pool-size", Integer.class, 6));
        ds.setPoolName("caseload");
        ds.setConnectionInitSql(env.getProperty("spring.datasource.hikari.connection-init-sql"));
        return ds;
    }
}

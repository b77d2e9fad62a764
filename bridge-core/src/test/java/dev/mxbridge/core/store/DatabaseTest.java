package dev.mxbridge.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.config.BridgeConfig;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flyway runs on open only when a migration is pending; the known schema version is the newest migration's; H2 gets
 * the bridge's settings unless its URL names them.
 */
class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void schemaVersionIsTheNewestMigration() throws Exception {
        Pattern name = Pattern.compile("V(\\d+)__.*\\.sql");
        int newest;
        try (Stream<Path> files = Files.list(migrations())) {
            newest = files.map(f -> name.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElseThrow();
        }
        assertThat(Database.SCHEMA_VERSION).isEqualTo(newest);
    }

    @Test
    void aMigratedDatabaseIsUpToDateAndAFreshOneIsNot() {
        BridgeConfig.Database config = new BridgeConfig.Database("jdbc:h2:file:" + dir.resolve("db"), "sa", "", 2);
        try (Database db = Database.open(config)) {
            assertThat(Database.upToDate(db.dataSource())).isTrue();
            new Sql(db).update("UPDATE \"mxbridge_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '1'");
            assertThat(Database.upToDate(db.dataSource())).isFalse();
            new Sql(db).update("UPDATE \"mxbridge_schema_history\" SET \"success\" = TRUE WHERE \"version\" = '1'");
            new Sql(db).update("DELETE FROM \"mxbridge_schema_history\" WHERE \"version\" = '"
                    + Database.SCHEMA_VERSION + "'");
            assertThat(Database.upToDate(db.dataSource())).isFalse();
        }
        BridgeConfig.Database fresh = new BridgeConfig.Database("jdbc:h2:file:" + dir.resolve("fresh"), "sa", "", 2);
        try (Database db = Database.open(fresh)) {
            assertThat(new Sql(db).list("SELECT COUNT(*) FROM \"mxbridge_schema_history\"", rs -> rs.getInt(1)).getFirst())
                    .isGreaterThan(0);
        }
    }

    @Test
    void h2sPageCacheIsASixtyFourthOfTheHeapBetweenTwoAndSixteenMebibytes() {
        assertThat(Database.h2CacheKib(128L << 20)).isEqualTo(2_048);
        assertThat(Database.h2CacheKib(32L << 20)).isEqualTo(2_048);
        assertThat(Database.h2CacheKib(512L << 20)).isEqualTo(8_192);
        assertThat(Database.h2CacheKib(8L << 30)).isEqualTo(16_384);
        assertThat(Database.h2CacheKib(Long.MAX_VALUE)).isEqualTo(16_384);
    }

    @Test
    void anH2UrlKeepsTheSettingsItNamesAndGetsTheBridgesOtherwise() {
        assertThat(Database.h2Url("jdbc:h2:file:./data/bridge"))
                .startsWith("jdbc:h2:file:./data/bridge;WRITE_DELAY=0;CACHE_SIZE=").endsWith(";DB_CLOSE_ON_EXIT=FALSE");
        assertThat(Database.h2Url("jdbc:h2:file:./b;cache_size=65536;write_delay=500"))
                .isEqualTo("jdbc:h2:file:./b;cache_size=65536;write_delay=500;DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void anOpenedH2DatabaseRunsWithTheSmallerPageCache() {
        BridgeConfig.Database config = new BridgeConfig.Database("jdbc:h2:file:" + dir.resolve("db"), "sa", "", 2);
        try (Database db = Database.open(config)) {
            String cacheKib = new Sql(db).list("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS "
                    + "WHERE SETTING_NAME = 'CACHE_SIZE'", rs -> rs.getString(1)).getFirst();
            assertThat(Long.parseLong(cacheKib)).isEqualTo(Database.h2CacheKib(Runtime.getRuntime().maxMemory()));
        }
    }

    private static Path migrations() throws URISyntaxException {
        return Path.of(Database.class.getClassLoader().getResource(Database.MIGRATIONS).toURI());
    }
}

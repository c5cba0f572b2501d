package dev.simplepush.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectorySizeTest {

    @Test
    void countsTheRegularFilesOfEverySubdirectory(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("a.sst"), new byte[1000]);
        Files.createDirectories(dir.resolve("0_1/rocksdb/store"));
        Files.write(dir.resolve("0_1/rocksdb/store/000001.log"), new byte[24]);

        assertThat(DirectorySize.of(dir)).isEqualTo(new DirectorySize(1024, 2));
    }

    @Test
    void aDirectoryThatIsNotThereIsEmpty(@TempDir Path dir) {
        assertThat(DirectorySize.of(dir.resolve("streams"))).isEqualTo(new DirectorySize(0, 0));
    }
}

package dev.simplepush.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The bytes and regular files under a directory at one moment: the state store of streams-state
 * (RocksDB) with {@code --state-dir}. RocksDB deletes files while it compacts, so a file gone
 * between listing and reading counts as gone.
 *
 * @param bytes sum of the regular files' sizes
 * @param files regular files
 */
record DirectorySize(long bytes, long files) {

    static DirectorySize of(Path dir) {
        long[] sum = {0, 0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        sum[0] += attributes.size();
                        sum[1]++;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        } catch (NoSuchFileException e) {
            return new DirectorySize(0, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + dir, e);
        }
        return new DirectorySize(sum[0], sum[1]);
    }
}

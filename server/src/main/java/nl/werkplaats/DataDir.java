package nl.werkplaats;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The data directory and what this server writes into it: the directory readable by its user only (700)
 * from creation, its files 600 from creation (never written first and narrowed afterwards).
 */
public final class DataDir {
  static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private DataDir() {}

  private static boolean posix(Path dir) {
    return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /** Creates the directory (and missing parents' last level) as 700; narrows an existing one and its files. */
  public static void secure(Path dir) throws IOException {
    if (!posix(dir)) {
      Files.createDirectories(dir);
      return;
    }
    Path abs = dir.toAbsolutePath();
    if (!Files.exists(abs)) {
      if (abs.getParent() != null) {
        Files.createDirectories(abs.getParent());
      }
      try {
        Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(DIR));
      } catch (FileAlreadyExistsException raced) {
        // made meanwhile; narrowed below
      }
    }
    Files.setPosixFilePermissions(abs, DIR);
    try (Stream<Path> files = Files.list(abs)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
          Files.setPosixFilePermissions(f, FILE);
        }
      }
    }
  }

  /** Writes {@code bytes} to a file that is 600 from the moment it exists (replacing an older one). */
  public static void writePrivate(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    FileAttribute<?>[] attrs = posix(file) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
        : new FileAttribute<?>[0];
    Files.write(Files.createFile(tmp, attrs), bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}

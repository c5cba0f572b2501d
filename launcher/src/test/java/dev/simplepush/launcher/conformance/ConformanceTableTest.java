package dev.simplepush.launcher.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/conformance.md} true by the build: every checklist item (spec §16, 1–57) has a
 * row and at least one {@link Checklist} test, and every {@code Class#method} a row names exists and
 * covers that item. The conformance classes are found by scanning this package's test classes
 * for {@code *ConformanceIT}.
 */
class ConformanceTableTest {
    private static final int ITEMS = 57;
    private static final Pattern ROW = Pattern.compile("^\\|\\s*(\\d+)\\s*\\|(.*)$");
    /** Web Push checklist items (webpush.md W8): rows {@code | W8.n | … |}, tests with {@link WebPushChecklist}. */
    private static final int WEBPUSH_ITEMS = 31;
    private static final Pattern WEBPUSH_ROW = Pattern.compile("^\\|\\s*W8\\.(\\d+)\\s*\\|(.*)$");
    private static final Pattern TEST_REFERENCE = Pattern.compile("([A-Za-z0-9_]+)#([A-Za-z0-9_]+)");

    /** One row of the table: the item, the tests it names and its result. */
    private record Row(int item, List<String> tests, String result) {
    }

    @Test
    void everyItemHasARowAndEveryRowNamesExistingTestsOfThatItem() throws IOException, URISyntaxException {
        Map<Integer, Row> rows = readTable();
        Map<Integer, Set<String>> annotated = annotatedTests();

        List<String> problems = new ArrayList<>();
        IntStream.rangeClosed(1, ITEMS).filter(item -> !rows.containsKey(item))
                .forEach(item -> problems.add("item " + item + " has no row"));
        IntStream.rangeClosed(1, ITEMS).filter(item -> !annotated.containsKey(item))
                .forEach(item -> problems.add("item " + item + " has no @Checklist test"));
        rows.keySet().stream().filter(item -> item < 1 || item > ITEMS)
                .forEach(item -> problems.add("row for item " + item + ", which the checklist does not have"));
        for (Row row : rows.values()) {
            if (row.tests().isEmpty()) {
                problems.add("item " + row.item() + " names no test");
            }
            if (!row.result().startsWith("pass") && !row.result().startsWith("partial")
                    && !row.result().startsWith("pending")) {
                problems.add("item " + row.item() + " has the result '" + row.result() + "'");
            }
            Set<String> covering = annotated.getOrDefault(row.item(), Set.of());
            for (String test : row.tests()) {
                if (!exists(test)) {
                    problems.add("item " + row.item() + " names " + test + ", which does not exist");
                } else if (!covering.contains(test)) {
                    problems.add("item " + row.item() + " names " + test + ", which lacks @Checklist(" + row.item()
                            + ")");
                }
            }
            for (String test : covering) {
                if (!row.tests().contains(test)) {
                    problems.add("item " + row.item() + " does not name its test " + test);
                }
            }
        }
        assertThat(problems).as("problems in %s", table()).isEmpty();
    }

    @Test
    void everyChecklistTestIsNamedAfterItsItems() throws IOException, URISyntaxException {
        List<String> problems = new ArrayList<>();
        for (Class<?> type : conformanceClasses()) {
            for (Method method : type.getDeclaredMethods()) {
                Checklist checklist = method.getAnnotation(Checklist.class);
                if (checklist == null) {
                    continue;
                }
                DisplayName name = method.getAnnotation(DisplayName.class);
                // "§16.11 …", or "§16.21/55 …" for a test of several items.
                String expected = "§16." + Arrays.stream(checklist.value()).mapToObj(Integer::toString)
                        .collect(Collectors.joining("/")) + " ";
                if (name == null || !name.value().startsWith(expected)) {
                    problems.add(type.getSimpleName() + "#" + method.getName() + " needs a @DisplayName starting with '"
                            + expected + "'");
                }
                if (Arrays.stream(checklist.value()).anyMatch(item -> item < 1 || item > ITEMS)) {
                    problems.add(type.getSimpleName() + "#" + method.getName() + " names an item outside 1.." + ITEMS);
                }
                if (method.getAnnotation(Test.class) == null) {
                    problems.add(type.getSimpleName() + "#" + method.getName() + " has @Checklist but is no @Test");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyWebPushItemHasARowAndEveryRowNamesExistingTestsOfThatItem() throws IOException, URISyntaxException {
        Map<Integer, Row> rows = readTable(WEBPUSH_ROW);
        Map<Integer, Set<String>> annotated = new TreeMap<>();
        for (Class<?> type : webPushClasses()) {
            for (Method method : type.getDeclaredMethods()) {
                WebPushChecklist checklist = method.getAnnotation(WebPushChecklist.class);
                if (checklist != null) {
                    for (int item : checklist.value()) {
                        annotated.computeIfAbsent(item, key -> new TreeSet<>())
                                .add(type.getSimpleName() + "#" + method.getName());
                    }
                }
            }
        }
        List<String> problems = new ArrayList<>();
        IntStream.rangeClosed(1, WEBPUSH_ITEMS).filter(item -> !rows.containsKey(item))
                .forEach(item -> problems.add("W8." + item + " has no row"));
        IntStream.rangeClosed(1, WEBPUSH_ITEMS).filter(item -> !annotated.containsKey(item))
                .forEach(item -> problems.add("W8." + item + " has no @WebPushChecklist test"));
        for (Row row : rows.values()) {
            if (row.item() < 1 || row.item() > WEBPUSH_ITEMS) {
                problems.add("row for W8." + row.item() + ", which the checklist does not have");
            }
            if (!row.result().startsWith("pass") && !row.result().startsWith("partial")
                    && !row.result().startsWith("pending")) {
                problems.add("W8." + row.item() + " has the result '" + row.result() + "'");
            }
            Set<String> covering = annotated.getOrDefault(row.item(), Set.of());
            for (String test : row.tests()) {
                if (!covering.contains(test)) {
                    problems.add("W8." + row.item() + " names " + test + ", which does not exist or lacks @WebPushChecklist("
                            + row.item() + ")");
                }
            }
            covering.stream().filter(test -> !row.tests().contains(test))
                    .forEach(test -> problems.add("W8." + row.item() + " does not name its test " + test));
        }
        for (Class<?> type : webPushClasses()) {
            for (Method method : type.getDeclaredMethods()) {
                WebPushChecklist checklist = method.getAnnotation(WebPushChecklist.class);
                if (checklist == null) {
                    continue;
                }
                String expected = "W8." + Arrays.stream(checklist.value()).mapToObj(Integer::toString)
                        .collect(Collectors.joining("/")) + " ";
                DisplayName name = method.getAnnotation(DisplayName.class);
                if (name == null || !name.value().startsWith(expected)) {
                    problems.add(type.getSimpleName() + "#" + method.getName() + " needs a @DisplayName starting with '"
                            + expected + "'");
                }
            }
        }
        assertThat(problems).as("problems in the Web Push table of %s", table()).isEmpty();
    }

    /** The classes holding Web Push checklist tests: the conformance ITs and the browser's. */
    private static List<Class<?>> webPushClasses() throws IOException, URISyntaxException {
        List<Class<?>> classes = new ArrayList<>(conformanceClasses());
        for (String name : WEBPUSH_OTHER_CLASSES) {
            try {
                classes.add(Class.forName(name));
            } catch (ClassNotFoundException e) {
                throw new AssertionError("the Web Push test class " + name + " is gone", e);
            }
        }
        return classes;
    }

    /** Web Push checklist tests outside this package (fully qualified). */
    private static final List<String> WEBPUSH_OTHER_CLASSES = List.of("dev.simplepush.launcher.webpush.FirefoxWebPushIT");

    /** {@code docs/conformance.md} at the repository root; surefire runs in the module directory. */
    private static Path table() {
        return Path.of(System.getProperty("basedir", ".")).resolve("..").resolve("docs").resolve("conformance.md")
                .normalize();
    }

    private static Map<Integer, Row> readTable() throws IOException {
        return readTable(ROW);
    }

    private static Map<Integer, Row> readTable(Pattern rowPattern) throws IOException {
        Map<Integer, Row> rows = new TreeMap<>();
        for (String line : Files.readAllLines(table())) {
            Matcher row = rowPattern.matcher(line.trim());
            if (!row.matches()) {
                continue;
            }
            String[] cells = row.group(2).split("\\|", -1);
            assertThat(cells.length).as("cells of: %s", line).isGreaterThanOrEqualTo(3);
            List<String> tests = new ArrayList<>();
            Matcher reference = TEST_REFERENCE.matcher(cells[1]);
            while (reference.find()) {
                tests.add(reference.group(1) + "#" + reference.group(2));
            }
            int item = Integer.parseInt(row.group(1));
            assertThat(rows).as("a second row for item %d", item).doesNotContainKey(item);
            rows.put(item, new Row(item, tests, cells[2].trim()));
        }
        return rows;
    }

    /** Item → the {@code Class#method} names carrying {@code @Checklist} with it. */
    private static Map<Integer, Set<String>> annotatedTests() throws IOException, URISyntaxException {
        Map<Integer, Set<String>> tests = new TreeMap<>();
        for (Class<?> type : conformanceClasses()) {
            for (Method method : type.getDeclaredMethods()) {
                Checklist checklist = method.getAnnotation(Checklist.class);
                if (checklist != null) {
                    for (int item : checklist.value()) {
                        tests.computeIfAbsent(item, key -> new TreeSet<>())
                                .add(type.getSimpleName() + "#" + method.getName());
                    }
                }
            }
        }
        return tests;
    }

    private static boolean exists(String test) {
        String[] parts = test.split("#");
        try {
            Class<?> type = Class.forName(ConformanceTableTest.class.getPackageName() + "." + parts[0]);
            return Arrays.stream(type.getDeclaredMethods()).anyMatch(method -> method.getName().equals(parts[1]));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The {@code *ConformanceIT} classes of this package, from the compiled test classes. */
    static List<Class<?>> conformanceClasses() throws IOException, URISyntaxException {
        Path root = Path.of(ConformanceTableTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = root.resolve(ConformanceTableTest.class.getPackageName().replace('.', '/'));
        List<String> names;
        try (Stream<Path> files = Files.list(dir)) {
            names = files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith("ConformanceIT.class"))
                    .map(name -> name.substring(0, name.length() - ".class".length()))
                    .sorted()
                    .collect(Collectors.toList());
        }
        assertThat(names).as("conformance classes in %s", dir).hasSizeGreaterThanOrEqualTo(7);
        List<Class<?>> classes = new ArrayList<>();
        for (String name : names) {
            try {
                classes.add(Class.forName(ConformanceTableTest.class.getPackageName() + "." + name));
            } catch (ClassNotFoundException e) {
                throw new AssertionError("cannot load " + name, e);
            }
        }
        return classes;
    }
}

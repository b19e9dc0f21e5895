import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Counts the JUnit XML reports of one build, surefire's (unit and system tests, {@code target/surefire-reports})
 * and the bnd tester's (in-framework tests, {@code target/test-reports}), and prints the one summary line
 * {@code N passed, N failed, N skipped} as the last line, after one line per problem.
 *
 * <p>Exits 1 when a test failed, when a test was skipped outside the named conditions of {@link #ALLOWED}
 * (docs/testbed.md, "Allowed skips"), when a test module ran no test (a module with {@code src/test/java} needs
 * surefire reports, one with the bnd testing plugin needs bnd tester reports, each with at least one test), when a
 * test JVM timed out or crashed (a surefire {@code .dump} file), when a report cannot be read, or when no test ran
 * at all: a build which tested nothing, or less than it should, never looks green.
 *
 * <p>Run as a single-file program: {@code java scripts/TestSummary.java <project root>};
 * {@code --allowed} prints the allowed conditions. scripts/test-summary-selftest.sh checks it.
 */
public final class TestSummary {
    /**
     * The only conditions under which a test may skip: the tag the skip reason starts with, and what it means.
     * Keep in step with docs/testbed.md ("Allowed skips"); the self-test checks that every tag is written there.
     */
    static final Map<String, String> ALLOWED = new LinkedHashMap<>();

    static {
        ALLOWED.put("[bench]", "a benchmark, not a test: runs only with BOSUN_BENCH=1 (bench/*.sh sets it)");
    }

    /** Complaint lines of one kind beyond this many are summed up in one line. */
    private static final int MAX_LINES = 30;
    private static final int MAX_MESSAGE = 200;
    /** JUnit's framing around the reason a test gives: the exception class a stack trace starts with. */
    private static final Pattern EXCEPTION_PREFIX = Pattern.compile("^(?:[A-Za-z_$][\\w$]*\\.)+[A-Za-z_$][\\w$]*: ");
    /** A tag at the start of the reason, or of a condition's custom reason ({@code <reason> ==> <custom reason>}). */
    private static final Pattern TAG = Pattern.compile("^(?:.*? ==> )?(\\[[a-z0-9-]+\\])");

    private final Path root;
    private int passed;
    private int failed;
    private int skipped;
    private final Map<String, Integer> allowedSkips = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private final List<String> badSkips = new ArrayList<>();
    private final List<String> missing = new ArrayList<>();
    /** Tests found per report folder (module/target/surefire-reports or module/target/test-reports). */
    private final Map<Path, Integer> testsIn = new LinkedHashMap<>();

    private TestSummary(Path root) {
        this.root = root;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--allowed")) {
            ALLOWED.forEach((tag, meaning) -> System.out.println(tag + " " + meaning));
            return;
        }
        TestSummary summary = new TestSummary(Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize());
        System.exit(summary.run());
    }

    private int run() throws IOException {
        for (Path report : files("TEST-", ".xml")) {
            read(report);
        }
        for (Path dump : files("", ".dump")) {
            failed++;
            failures.add("FAILED  a test JVM timed out or crashed: see " + relative(dump));
        }
        checkModules();
        boolean noneRan = passed + failed == 0;
        print(failures);
        print(badSkips);
        print(missing);
        allowedSkips.forEach((tag, n) -> System.out.println("skipped " + n + " under " + tag + " (allowed: "
                + ALLOWED.get(tag) + ")"));
        if (noneRan) {
            System.out.println("NO TEST ran at all");
        }
        System.out.println(passed + " passed, " + failed + " failed, " + skipped + " skipped");
        System.out.flush();
        return failed > 0 || !badSkips.isEmpty() || !missing.isEmpty() || noneRan ? 1 : 0;
    }

    // --- reports

    private void read(Path report) {
        Path folder = reportFolder(report);
        Document document;
        try {
            document = parser().parse(report.toFile());
        } catch (Exception e) {
            failed++;
            failures.add("FAILED  unreadable report " + relative(report) + ": "
                    + firstLine(String.valueOf(e.getMessage())));
            return;
        }
        int tests = 0;
        for (Element suite : elements(document.getDocumentElement(), "testsuite", true)) {
            tests += suite(suite, report);
        }
        testsIn.merge(folder, tests, Integer::sum);
    }

    /** Counts one testsuite's testcases; returns how many tests it had, named or not. */
    private int suite(Element suite, Path report) {
        String suiteName = suite.getAttribute("name");
        int cases = 0;
        int failedCases = 0;
        int skippedCases = 0;
        for (Element testcase : elements(suite, "testcase", false)) {
            cases++;
            String name = testName(testcase, suiteName);
            Element problem = first(testcase, "failure", "error");
            Element skip = first(testcase, "skipped");
            if (problem != null) {
                failed++;
                failedCases++;
                String message = problem.getAttribute("message");
                failures.add("FAILED  " + name + ": " + cut(message.isEmpty() ? firstLine(problem.getTextContent())
                        : firstLine(message)));
            } else if (skip != null) {
                skipped++;
                skippedCases++;
                skip(name, skip.getAttribute("message").isEmpty() ? skip.getTextContent()
                        : skip.getAttribute("message"));
            } else {
                passed++;
            }
        }
        // What the suite counts but no testcase shows: a class-level error, or a skip nobody can name.
        int unnamedFailures = number(suite, "failures") + number(suite, "errors") - failedCases;
        if (unnamedFailures > 0) {
            failed += unnamedFailures;
            failures.add("FAILED  " + suiteName + ": " + unnamedFailures
                    + " error(s) outside any test (class-level) in " + relative(report));
        }
        int unnamedSkips = number(suite, "skipped") - skippedCases;
        if (unnamedSkips > 0) {
            skipped += unnamedSkips;
            badSkips.add("SKIPPED " + suiteName + ": " + unnamedSkips + " test(s) skipped without a name or reason in "
                    + relative(report));
        }
        if (cases == 0 && unnamedFailures <= 0 && unnamedSkips <= 0) {
            // Surefire's trace of a class that aborted as a whole (an assumption in @BeforeAll): no test, no reason.
            skipped++;
            badSkips.add("SKIPPED " + suiteName + ": the class ran no test (a class-level assumption? put the condition"
                    + " on the tests) in " + relative(report));
        }
        return cases + Math.max(unnamedFailures, 0) + Math.max(unnamedSkips, 0);
    }

    private void skip(String name, String rawReason) {
        String reason = reason(rawReason);
        Matcher tag = TAG.matcher(reason);
        if (tag.find() && ALLOWED.containsKey(tag.group(1))) {
            allowedSkips.merge(tag.group(1), 1, Integer::sum);
        } else {
            badSkips.add("SKIPPED " + name + ": " + cut(reason) + " -- not an allowed condition (docs/testbed.md)");
        }
    }

    /**
     * The reason a test gave for its skip, without JUnit's framing: the bnd tester's "parent was skipped: ", the
     * stack trace of an aborted test (its first line only, without the exception class), "Assumption failed: ".
     */
    static String reason(String raw) {
        String reason = firstLine(raw == null ? "" : raw);
        String before;
        do {
            before = reason;
            reason = strip(reason, "parent was skipped: ");
            reason = EXCEPTION_PREFIX.matcher(reason).replaceFirst("");
            reason = strip(reason, "Assumption failed: ");
        } while (!reason.equals(before));
        return reason.isEmpty() ? "(no reason given)" : reason;
    }

    private static String strip(String text, String prefix) {
        return text.startsWith(prefix) ? text.substring(prefix.length()).strip() : text;
    }

    private static String testName(Element testcase, String suiteName) {
        String className = testcase.getAttribute("classname");
        String name = testcase.getAttribute("name");
        if (className.isEmpty()) {
            className = suiteName;
        }
        return name.isEmpty() ? className + " (class-level)" : className + "." + name;
    }

    // --- modules

    /** Every test module must have reports with at least one test: a missing folder is a module that tested nothing. */
    private void checkModules() {
        Path pom = root.resolve("pom.xml");
        if (!Files.isRegularFile(pom)) {
            missing.add("NO TEST " + root + " has no pom.xml: cannot tell which modules must have run tests");
            return;
        }
        for (Path module : modules(root, new LinkedHashSet<>())) {
            if (Files.isDirectory(module.resolve("src/test/java"))) {
                expect(module, "target/surefire-reports", "src/test/java but");
            }
            if (usesBndTesting(module.resolve("pom.xml"))) {
                expect(module, "target/test-reports", "the bnd testing plugin but");
            }
        }
    }

    private void expect(Path module, String reports, String because) {
        Path folder = module.resolve(reports);
        Integer tests = testsIn.get(folder);
        String name = module.equals(root) ? "." : relative(module);
        if (tests == null) {
            missing.add("NO TEST " + name + " has " + because + " wrote no report in " + relative(folder)
                    + " (did it build? did its tests run?)");
        } else if (tests == 0) {
            missing.add("NO TEST " + name + " has " + because + " its reports in " + relative(folder)
                    + " hold no test");
        }
    }

    /** The root and its modules, recursively, as the poms list them. */
    private static Set<Path> modules(Path project, Set<Path> found) {
        if (!found.add(project)) {
            return found;
        }
        Element pom = parse(project.resolve("pom.xml"));
        if (pom == null) {
            return found;
        }
        for (Element modules : elements(pom, "modules", false)) {
            for (Element module : elements(modules, "module", false)) {
                Path dir = project.resolve(module.getTextContent().strip()).normalize();
                if (Files.isRegularFile(dir)) {
                    dir = dir.getParent(); // <module>sub/pom.xml</module>
                }
                modules(dir, found);
            }
        }
        return found;
    }

    /** The pom runs the bnd tester itself (build/plugins, not only pluginManagement). */
    private static boolean usesBndTesting(Path pomFile) {
        Element pom = parse(pomFile);
        if (pom == null) {
            return false;
        }
        for (Element build : elements(pom, "build", false)) {
            for (Element plugins : elements(build, "plugins", false)) {
                for (Element plugin : elements(plugins, "plugin", false)) {
                    for (Element artifact : elements(plugin, "artifactId", false)) {
                        if (artifact.getTextContent().strip().equals("bnd-testing-maven-plugin")) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    private static Element parse(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return parser().parse(file.toFile()).getDocumentElement();
        } catch (Exception e) {
            return null;
        }
    }

    // --- files and helpers

    /** A parser that reports a malformed file by its exception only (the default one also prints to stderr). */
    private static DocumentBuilder parser() throws ParserConfigurationException {
        DocumentBuilder builder = DocumentBuilderFactory.newInstance().newDocumentBuilder();
        builder.setErrorHandler(new DefaultHandler() {
            @Override
            public void error(SAXParseException e) throws SAXParseException {
                throw e;
            }
        });
        return builder;
    }

    /** The report files below the root (unreadable folders are passed over; .git is not looked into). */
    private List<Path> files(String prefix, String suffix) throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.getFileName() != null && dir.getFileName().toString().equals(".git")
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = file.getFileName().toString();
                if (attrs.isRegularFile() && name.startsWith(prefix) && name.endsWith(suffix)
                        && reportFolder(file) != null) {
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(null);
        return found;
    }

    /** The report folder a report is in: .../target/surefire-reports or .../target/test-reports (any depth below). */
    private static Path reportFolder(Path file) {
        for (Path p = file.getParent(); p != null && p.getParent() != null; p = p.getParent()) {
            String name = p.getFileName().toString();
            if ((name.equals("surefire-reports") || name.equals("test-reports"))
                    && p.getParent().getFileName() != null && p.getParent().getFileName().toString().equals("target")) {
                return p;
            }
        }
        return null;
    }

    private String relative(Path path) {
        return path.startsWith(root) ? root.relativize(path).toString() : path.toString();
    }

    private static List<Element> elements(Node parent, String name, boolean includeSelf) {
        List<Element> out = new ArrayList<>();
        if (includeSelf && parent instanceof Element e && e.getTagName().equals(name)) {
            out.add(e);
            return out;
        }
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                if (e.getTagName().equals(name)) {
                    out.add(e);
                } else if (includeSelf) {
                    out.addAll(elements(e, name, true)); // <testsuites><testsuite>...
                }
            }
        }
        return out;
    }

    private static Element first(Element parent, String... names) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e && List.of(names).contains(e.getTagName())) {
                return e;
            }
        }
        return null;
    }

    private static int number(Element suite, String attribute) {
        String value = suite.getAttribute(attribute).strip();
        try {
            return value.isEmpty() ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String firstLine(String text) {
        String t = text.strip();
        int end = t.indexOf('\n');
        return (end < 0 ? t : t.substring(0, end)).strip();
    }

    private static String cut(String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "...";
    }

    private static void print(List<String> lines) {
        lines.stream().limit(MAX_LINES).forEach(System.out::println);
        if (lines.size() > MAX_LINES) {
            System.out.println("... and " + (lines.size() - MAX_LINES) + " more like these");
        }
    }
}

package dev.switchyard.cli.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * How one component's process is started. It is kept in the state file, so that {@code restart}
 * and a partial {@code up} start a component again exactly as {@code up} did: same ports, data
 * directories and arguments, whatever options {@code up} was given then.
 *
 * @param name       the component, also its log's name and its process's marker
 * @param heap       the JVM's -Xmx
 * @param jvmArgs    further JVM options
 * @param mainClass  on this CLI's classpath
 * @param args       the main class's arguments
 * @param healthPath the HTTP path that answers {@code "UP"} once it is ready; blank when it has none
 */
record Launch(String name, String heap, List<String> jvmArgs, String mainClass, List<String> args, String healthPath) {

    Launch {
        jvmArgs = List.copyOf(jvmArgs);
        args = List.copyOf(args);
    }

    void writeTo(Properties props) {
        String prefix = "launch." + name + ".";
        props.setProperty(prefix + "heap", heap);
        props.setProperty(prefix + "main", mainClass);
        props.setProperty(prefix + "health", healthPath);
        writeList(props, prefix + "jvm.", jvmArgs);
        writeList(props, prefix + "arg.", args);
    }

    /** The launch of this component in the state file, or null when that file predates launches. */
    static Launch readFrom(Properties props, String name) {
        String prefix = "launch." + name + ".";
        String mainClass = props.getProperty(prefix + "main");
        if (mainClass == null) {
            return null;
        }
        return new Launch(name, props.getProperty(prefix + "heap"), readList(props, prefix + "jvm."), mainClass,
                readList(props, prefix + "arg."), props.getProperty(prefix + "health", ""));
    }

    // One key per element: arguments may hold any character, so none can serve as a separator.
    private static void writeList(Properties props, String prefix, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            props.setProperty(prefix + i, values.get(i));
        }
    }

    private static List<String> readList(Properties props, String prefix) {
        List<String> values = new ArrayList<>();
        for (String value; (value = props.getProperty(prefix + values.size())) != null; ) {
            values.add(value);
        }
        return values;
    }
}

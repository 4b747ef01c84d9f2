import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The smallest picocli command line: one option, one parameter, standard help. The benchmark times it
 * (with a class-data sharing archive of its own, as ./jbang gives each alias) as the floor of any
 * JVM command line built on picocli, beside a JVM that only prints "hello" (run with "hello").
 */
@Command(name = "hello", mixinStandardHelpOptions = true, version = "1")
public class PicocliHello implements Runnable {
    @Option(names = "--greeting")
    String greeting = "hello";

    @Parameters(index = "0", defaultValue = "world")
    String name;

    @Override
    public void run() {
        System.out.println(greeting + " " + name);
    }

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("hello")) {
            System.out.println("hello"); // a JVM's start alone: no picocli class is loaded
            return;
        }
        System.exit(new CommandLine(new PicocliHello()).execute(args));
    }
}

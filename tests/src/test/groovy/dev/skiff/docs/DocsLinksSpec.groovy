package dev.skiff.docs

import dev.skiff.rig.Docs
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Shared
import spock.lang.Specification

/**
 * Every link in README.md and docs/*.md leads to a file of this repository (and to a heading of it
 * when it names one), and none leads outside: no web links, no absolute paths, no {@code ../} past
 * the clone's root. URLs may appear in code only where they point at this machine (127.0.0.1,
 * localhost), or are the few configuration keys listed in {@link #NOT_LINKS}, which name a
 * registry in a file format and are never opened.
 */
class DocsLinksSpec extends Specification {
    static final Path ROOT = Docs.ROOT

    /** URLs that appear in code as values of a file format, not as links: each with where and why. */
    static final Set<String> NOT_LINKS = [
        'https://index.docker.io/v1/', // docs/commands.md: the key docker's config.json uses for docker.io
        'https://mirror/v2/PREFIX', // docs/scale-out.md: the form of a hosts.toml [host."…"] table
    ] as Set

    @Shared
    List<Path> pages = [ROOT.resolve('README.md')] + Files.list(ROOT.resolve('docs')).withCloseable { s ->
        s.filter { it.toString().endsWith('.md') }.sorted().toList()
    }

    def "the pages checked are the README and every page under docs/"() {
        expect:
        pages.size() > 10
        pages*.fileName*.toString().containsAll(['README.md', 'commands.md', 'flags.md', 'air-gap.md', 'podman-store.md',
            'trust.md', 'mirror-plans.md', 'encryption.md', 'referrers.md', 'delta-bundles.md', 'scale-out.md',
            'architecture.md', 'install.md', 'benchmarks.md', 'testing.md', 'releasing.md'])
    }

    def "every relative link in #page resolves to a file of the repository, and to a heading where it names one"() {
        expect:
        problems(ROOT.resolve(page)) == []

        where:
        page << pagesForWhere()
    }

    def "the README links every page under docs/"() {
        given:
        def linked = links(Files.readString(ROOT.resolve('README.md')))*.target.collect { it.replaceFirst('#.*', '') } as Set

        expect:
        pages.findAll { it.parent.fileName.toString() == 'docs' }.collect { "docs/${it.fileName}".toString() }.findAll { !linked.contains(it) } == []
    }

    def "the check finds what it is for: a web link, a missing file, a missing heading, a path out of the clone, a URL in prose"() {
        given:
        def page = ROOT.resolve('docs/example.md')
        def text = '''\
            # Example

            [web](https://example.com/x) [missing](nothing-here.md) [heading](commands.md#no-such-heading)
            [out](../../etc/passwd) [abs](/etc/passwd) <https://example.com> see https://example.com/y
            [fine](commands.md) [here](#example) `http://127.0.0.1:5000/v2/` `https://example.org/in-code`
            '''.stripIndent()

        expect:
        problems(page, text).size() == 8
        problems(page, text).every { it.startsWith('docs/example.md: ') }
    }

    def "heading anchors are made as GitHub makes them"() {
        expect:
        slug(heading) == anchor

        where:
        heading                                      || anchor
        'Mirror plans: the Groovy DSL'               || 'mirror-plans-the-groovy-dsl'
        'Install / run with JBang'                   || 'install--run-with-jbang'
        "Into Podman's store: containers-storage:"   || 'into-podmans-store-containers-storage'
        'One registry request path (OkHttp only): what it cost the no-op sync' || 'one-registry-request-path-okhttp-only-what-it-cost-the-no-op-sync'
        'The Java library in brief'                  || 'the-java-library-in-brief'
        'Trust: `policy.json` and signatures'        || 'trust-policyjson-and-signatures'
    }

    static List<String> pagesForWhere() {
        ([ROOT.resolve('README.md')] + Files.list(ROOT.resolve('docs')).withCloseable { s -> s.filter { it.toString().endsWith('.md') }.sorted().toList() })
                .collect { ROOT.relativize(it).toString() }
    }

    static List<String> problems(Path page, String text = Files.readString(page)) {
        String name = ROOT.relativize(page).toString()
        List<String> out = []
        links(text).each { link ->
            String target = link.target
            if (target =~ /^[a-zA-Z][a-zA-Z0-9+.-]*:/) {
                out << "${name}: ${link.text} -> ${target}: a link outside the repository".toString()
                return
            }
            if (target.startsWith('/')) {
                out << "${name}: ${link.text} -> ${target}: an absolute path (links are relative to the page)".toString()
                return
            }
            String file = target.replaceFirst('#.*', '')
            String anchor = target.contains('#') ? target.substring(target.indexOf('#') + 1) : null
            Path resolved = file ? page.parent.resolve(file).normalize() : page
            if (!resolved.startsWith(ROOT)) {
                out << "${name}: ${link.text} -> ${target}: outside the repository".toString()
            } else if (file && !Files.exists(resolved)) {
                out << "${name}: ${link.text} -> ${target}: no such file".toString()
            } else if (anchor != null) {
                String headings = resolved == page ? text : (resolved.toString().endsWith('.md') ? Files.readString(resolved) : null)
                if (headings == null || !anchors(headings).contains(anchor)) {
                    out << "${name}: ${link.text} -> ${target}: no heading with that anchor".toString()
                }
            }
        }
        prose(text).each { line ->
            String plain = line.replaceAll(/\]\([^)]*\)/, '](…)').replaceAll(/<[^>\s]+>/, '<…>')
            (plain =~ /https?:\/\/[^\s)>\]`'"]+/).each { String url ->
                out << "${name}: ${url}: a web address in the text".toString()
            }
        }
        code(text).each { String url ->
            if (!(url =~ /^https?:\/\/(127\.0\.0\.1|localhost)([:\/]|$)/) && !NOT_LINKS.contains(url)) {
                out << "${name}: ${url}: a web address in code that is not this machine".toString()
            }
        }
        out
    }

    /** Markdown links and images ({@code [text](target)}), reference definitions and autolinks outside code. */
    static List<Map> links(String text) {
        List<Map> out = []
        prose(text).each { line ->
            (line =~ /!?\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/).each { all, label, target -> out << [text: label, target: target] }
            (line =~ /^\s*\[([^\]]+)\]:\s*(\S+)/).each { all, label, target -> out << [text: label, target: target] }
            (line =~ /<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]+)>/).each { all, target -> out << [text: target, target: target] }
        }
        out
    }

    /** The page's lines outside fenced blocks, with code spans taken out. */
    static List<String> prose(String text) {
        List<String> out = []
        boolean fenced = false
        text.readLines().each { line ->
            if (line.trim().startsWith('```')) {
                fenced = !fenced
            } else if (!fenced) {
                out << line.replaceAll(/`[^`]*`/, '``')
            }
        }
        out
    }

    /** The URLs inside fenced blocks and code spans. */
    static List<String> code(String text) {
        List<String> parts = []
        boolean fenced = false
        text.readLines().each { line ->
            if (line.trim().startsWith('```')) {
                fenced = !fenced
            } else if (fenced) {
                parts << line
            } else {
                (line =~ /`([^`]*)`/).each { all, inner -> parts << inner }
            }
        }
        parts.collectMany { part -> (part =~ /https?:\/\/[^\s)>\]`'"]+/).collect { it as String } }
    }

    /** The anchors of a page's headings (outside fenced blocks), duplicates numbered as GitHub numbers them. */
    static Set<String> anchors(String text) {
        Map<String, Integer> seen = [:]
        Set<String> out = [] as Set
        boolean fenced = false
        text.readLines().each { line ->
            if (line.trim().startsWith('```')) {
                fenced = !fenced
                return
            }
            def m = fenced ? null : (line =~ /^#{1,6}\s+(.*?)\s*#*\s*$/)
            if (m && m.matches()) {
                String s = slug(m.group(1))
                int n = seen.getOrDefault(s, 0)
                out << (n == 0 ? s : "${s}-${n}".toString())
                seen[s] = n + 1
            }
        }
        out
    }

    static String slug(String heading) {
        heading.toLowerCase().replaceAll(/[^\p{L}\p{N}\- _]/, '').replace(' ', '-')
    }
}

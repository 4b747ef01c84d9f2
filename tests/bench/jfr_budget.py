#!/usr/bin/env python3
"""Where a Skiff run's CPU went, from a JFR recording (docs/performance.md, "The budget").
   jfr_budget.py RECORDING.jfr [JFR_COMMAND]
Classifies each execution sample (Java threads in Java code, every 10 ms by default; record with
jdk.ExecutionSample#period=1ms for more) by the first frame from the top that names a category,
and counts the samples whose top frame runs in the interpreter. Prints the JIT compilers' own
time (jdk.CompilerStatistics), the classes loaded and the GC pauses beside it. Samples are a share
of the Java threads' running time, not CPU-seconds: multiply by the process's user+sys CPU minus
the JIT's for an estimate."""
import collections, json, subprocess, sys

CATEGORIES = [  # (category, substrings of "class.method"), the first match from the top frame down
    ("hashing (SHA-256)", ["sun.security.provider.SHA", "sun.security.provider.DigestBase", "java.security.MessageDigest"]),
    ("disk (file writes, fsync)", ["sun.nio.ch.FileChannelImpl", "sun.nio.ch.FileDispatcherImpl", "java.io.FileOutputStream",
                                   "java.io.RandomAccessFile", "sun.nio.fs.", "java.nio.file.Files"]),
    ("HTTP: socket reads and writes", ["sun.nio.ch.NioSocketImpl", "sun.nio.ch.SocketDispatcher", "java.net.Socket",
                                        "sun.nio.ch.Net.", "sun.nio.ch.SocketChannelImpl"]),
    ("copying between buffers (Okio, streams)", ["okio.", "java.io.InputStream.transferTo", "java.io.BufferedInputStream",
                                                 "java.io.BufferedOutputStream", "java.nio.HeapByteBuffer", "java.nio.DirectByteBuffer",
                                                 "jdk.internal.misc.Unsafe.copy", "java.util.Arrays.copyOf"]),
    ("HTTP framing (OkHttp)", ["okhttp3."]),
    ("class loading, linking, method handles", ["java.lang.ClassLoader", "jdk.internal.loader.", "java.lang.invoke.MethodHandles$Lookup",
                                                "java.lang.invoke.LambdaForm", "java.lang.invoke.InvokerBytecodeGenerator",
                                                "java.lang.invoke.MemberName", "java.lang.invoke.BootstrapMethodInvoker",
                                                "java.lang.invoke.ClassSpecializer", "jdk.internal.org.objectweb.asm.",
                                                "java.lang.Class.forName", "sun.reflect.", "jdk.internal.reflect.",
                                                "java.lang.reflect.Proxy", "java.lang.System$2.defineClass"]),
    ("command line (picocli)", ["picocli."]),
    ("JSON (Jackson)", ["com.fasterxml.jackson."]),
    ("TLS, security providers", ["sun.security.", "javax.net.ssl", "java.security."]),
    ("Kotlin stdlib", ["kotlin."]),
    ("Skiff's own code", ["dev.skiff."]),
]


def frame_name(frame):
    m = frame.get("method", {})
    return f"{m.get('type', {}).get('name', '?')}.{m.get('name', '?')}".replace("/", ".")  # jfr --json: a/b/C


def classify(frames):
    for frame in frames:
        name = frame_name(frame)
        for category, keys in CATEGORIES:
            if any(name.startswith(k) or k in name for k in keys):
                return category
    return "other (JDK collections, strings, threads…)"


def events(jfr, recording, names):
    out = subprocess.run([jfr, "print", "--json", "--stack-depth", "64", "--events", names, recording],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def main(recording, jfr="jfr"):
    samples = events(jfr, recording, "jdk.ExecutionSample")
    counts, interpreted, threads = collections.Counter(), 0, collections.Counter()
    for e in samples:
        frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
        counts[classify(frames)] += 1
        if frames and frames[0].get("type") == "Interpreted":
            interpreted += 1
        threads[e["values"].get("sampledThread", {}).get("javaName", "?")] += 1
    total = sum(counts.values()) or 1
    print(f"execution samples: {total}")
    for category, n in counts.most_common():
        print(f"  {category:45} {n:6} {100 * n / total:5.1f} %")
    print(f"  {'of all samples, top frame interpreted':45} {interpreted:6} {100 * interpreted / total:5.1f} %")
    native = collections.Counter(classify(e["values"]["stackTrace"]["frames"])
                                 for e in events(jfr, recording, "jdk.NativeMethodSample") if e["values"].get("stackTrace"))
    if native:
        print("threads waiting in native code (not CPU; socket and file reads): "
              + ", ".join(f"{c} {n}" for c, n in native.most_common(4)))
    print("threads: " + ", ".join(f"{t} {100 * n / total:.0f} %" for t, n in threads.most_common(6)))
    stats = events(jfr, recording, "jdk.CompilerStatistics")
    if stats:
        last = stats[-1]["values"]
        print(f"JIT: {last.get('compileCount')} compilations, {last.get('totalTimeSpent')} in the compilers "
              f"(C1 and C2 threads, not in the samples above)")
    loading = events(jfr, recording, "jdk.ClassLoadingStatistics")
    if loading:
        print(f"classes loaded: {loading[-1]['values'].get('loadedClassCount')}")
    pauses = events(jfr, recording, "jdk.GarbageCollection")
    if pauses:
        print(f"GC: {len(pauses)} collections, longest pause {max(p['values'].get('longestPause', '0') for p in pauses)}")


if __name__ == "__main__":
    main(*sys.argv[1:])

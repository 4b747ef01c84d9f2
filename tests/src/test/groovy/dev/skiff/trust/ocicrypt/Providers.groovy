package dev.skiff.trust.ocicrypt

import groovy.json.JsonOutput
import java.nio.file.Files
import java.nio.file.Path

/**
 * A key-provider program written at test time (python3, ocicrypt's command protocol) and the
 * OCICRYPT_KEYPROVIDER_CONFIG file naming it several times: {@code test-kms} wraps keys (a
 * reversible encoding, enough to prove the round trip) and logs each call; {@code broken-kms}
 * exits 3; {@code garbage-kms} prints text that is not JSON; {@code slow-kms} never answers;
 * {@code grpc-kms} is a gRPC provider.
 */
class Providers {
    final Path config
    final Path log

    Providers(Path dir) {
        Path script = dir.resolve('kms.py')
        log = dir.resolve('kms.log')
        Files.writeString(script, '''\
#!/usr/bin/env python3
import base64, json, sys, time
mode, log = sys.argv[1], sys.argv[2]
if mode == 'fail':
    sys.stderr.write('kms unreachable\\n')
    sys.exit(3)
if mode == 'garbage':
    print('this is not json')
    sys.exit(0)
if mode == 'hang':
    time.sleep(600)
req = json.load(sys.stdin)
with open(log, 'a') as f:
    f.write(req['op'] + '\\n')
prefix = b'skiff-test-kms:'
if req['op'] == 'keywrap':
    assert 'test-kms' in req['keywrapparams']['ec']['Parameters'], req
    opts = base64.b64decode(req['keywrapparams']['optsdata'])
    print(json.dumps({'keywrapresults': {'annotation': base64.b64encode(prefix + base64.b64encode(opts)).decode()}}))
else:
    assert 'test-kms' in req['keyunwrapparams']['dc']['Parameters'], req
    annotation = base64.b64decode(req['keyunwrapparams']['annotation'])
    assert annotation.startswith(prefix)
    opts = base64.b64decode(annotation[len(prefix):])
    print(json.dumps({'keyunwrapresults': {'optsdata': base64.b64encode(opts).decode()}}))
''')
        script.toFile().setExecutable(true)
        def cmd = { String mode -> [cmd: [path: script.toString(), args: [mode, log.toString()]]] }
        config = dir.resolve('keyprovider.json')
        Files.writeString(config, JsonOutput.toJson(['key-providers': [
                'test-kms'   : cmd('ok'),
                'broken-kms' : cmd('fail'),
                'garbage-kms': cmd('garbage'),
                'slow-kms'   : cmd('hang'),
                'grpc-kms'   : [grpc: '127.0.0.1:1'],
        ]]))
    }

    Map<String, String> env() {
        [OCICRYPT_KEYPROVIDER_CONFIG: config.toString()]
    }

    List<String> calls() {
        Files.exists(log) ? Files.readAllLines(log) : []
    }
}

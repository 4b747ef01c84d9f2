package dev.skiff.cli;

import dev.skiff.auth.AuthFiles;
import dev.skiff.auth.CredentialSource;
import dev.skiff.auth.Credentials;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * skopeo's credential flags for one side ({@code --creds}, {@code --username}/{@code --password},
 * {@code --no-creds}, {@code --authfile}) turned into where the registry client finds credentials,
 * with skopeo's checks and words for flags that cannot go together.
 */
final class CredentialFlags {
    private CredentialFlags() {}

    static CredentialSource source(
            CommandSpec spec, String creds, String username, String password, boolean noCreds, String authfile) {
        if (creds != null && noCreds) {
            throw usage(spec, "creds and no-creds cannot be specified at the same time");
        }
        if (username != null && noCreds) {
            throw usage(spec, "username and no-creds cannot be specified at the same time");
        }
        if (creds != null && username != null) {
            throw usage(spec, "creds and username cannot be specified at the same time");
        }
        if (username != null && password == null) {
            throw usage(spec, "password must be specified when username is specified");
        }
        if (password != null && username == null) {
            throw usage(spec, "username must be specified when password is specified");
        }
        // Given on the command line, credentials are for the registry named, not for a mirror elsewhere.
        CredentialSource files = AuthFiles.standard(authfile == null || authfile.isEmpty() ? null : Path.of(authfile));
        if (creds != null) {
            return CredentialSource.explicit(Credentials.parse(creds), files);
        }
        if (username != null) {
            return CredentialSource.explicit(new Credentials(username, password), files);
        }
        if (noCreds) {
            return CredentialSource.ANONYMOUS;
        }
        return files;
    }

    private static CommandLine.ParameterException usage(CommandSpec spec, String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}

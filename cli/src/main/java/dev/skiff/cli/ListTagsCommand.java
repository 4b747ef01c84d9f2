package dev.skiff.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.Skiff;
import dev.skiff.SkiffException;
import dev.skiff.TagList;
import dev.skiff.io.GoJson;
import dev.skiff.model.Json;
import dev.skiff.name.ImageName;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code list-tags SOURCE}: skopeo's {@code {"Repository": …, "Tags": […]}}, every page followed. */
@Command(
        name = "list-tags",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"List the tags of a repository (docker://), or the images an OCI layout or archive holds."},
        footer = {
            "",
            "Examples:",
            "  skiff list-tags --tls-verify=false docker://127.0.0.1:5000/team/app",
            "  skiff list-tags oci:./out",
            "  skiff list-tags oci-archive:./app.tar"
        })
final class ListTagsCommand implements Callable<Integer>, Advised {
    private static final String DOCKER = "docker://";

    @Mixin
    ReachOptions.Single reach;

    @Mixin
    SideOptions.Single side;

    @Mixin
    NetworkOptions network;

    @Parameters(
            index = "0",
            paramLabel = "SOURCE",
            description = "The repository: docker://HOST/REPO, or an oci:, oci-archive: or docker-archive: path.")
    String source;

    @Override
    public Advice advice() {
        return (hint, side, subject) -> RegistryFlags.SINGLE.adviseWithRetries(hint, subject);
    }

    @Override
    public Integer call() throws Exception {
        if (source.startsWith(DOCKER)) {
            ImageName name = ImageName.parseAllowingNoTag(source.substring(DOCKER.length()));
            if (name.tag() != null || name.digest() != null) {
                throw new SkiffException("list-tags takes a repository, not an image: drop the tag or digest from "
                        + source + " (e.g. " + DOCKER + name.repositoryName() + ")");
            }
        }
        TagList list = Skiff.listTags(source, reach.apply(network.apply(side.options())));
        ObjectNode json = Json.object();
        if (!list.repository().isEmpty()) {
            json.put("Repository", list.repository()); // Go's omitempty: skopeo prints none for archives
        }
        ArrayNode tags = json.putArray("Tags");
        list.tags().forEach(tags::add);
        System.out.println(GoJson.marshalIndent(json));
        return 0;
    }
}

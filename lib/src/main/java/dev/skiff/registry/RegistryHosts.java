package dev.skiff.registry;

import dev.skiff.name.ImageName;

/** Where a registry name's API lives. */
public final class RegistryHosts {
    /** Docker Hub's API host: {@code docker.io} names images, this host serves them. */
    public static final String DOCKER_HUB_API = "registry-1.docker.io";

    private RegistryHosts() {}

    /** The host[:port] to send API requests to for a registry as it appears in image names. */
    public static String apiHost(String registry) {
        if (registry.equals(ImageName.DOCKER_HUB) || registry.equals("index.docker.io")) {
            return DOCKER_HUB_API;
        }
        return registry;
    }
}

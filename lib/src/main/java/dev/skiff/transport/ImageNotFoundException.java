package dev.skiff.transport;

import dev.skiff.SkiffException;

/**
 * The image a reference names is not there: no such tag in a layout or archive, no dir: image in
 * the folder, no such image in the Docker daemon. Callers decide on this type, never on the
 * message (a sync reports the image as not found and does not retry it). A registry's answer is a
 * {@link dev.skiff.registry.RegistryException} with status 404; its cheap lookup,
 * {@link ManifestLookup#head}, says "not found" as an empty result instead.
 */
public class ImageNotFoundException extends SkiffException {
    public ImageNotFoundException(String message) {
        super(message);
    }
}

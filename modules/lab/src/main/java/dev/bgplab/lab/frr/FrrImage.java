package dev.bgplab.lab.frr;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.bgplab.lab.docker.Docker;
import java.util.Map;
import java.util.Optional;

/**
 * The FRR image the lab runs: system property {@code bgplab.frr.image}, else environment variable
 * {@code BGPLAB_FRR_IMAGE}, else {@code bgplab/frr:8.4}. The lab never pulls it; docker/images.sh
 * builds it locally. The JSON parsers in this package are written against FRR 8.4's output.
 */
public record FrrImage(String name) {

    public static final String PROPERTY = "bgplab.frr.image";
    public static final String ENV = "BGPLAB_FRR_IMAGE";
    public static final String DEFAULT = "bgplab/frr:8.4";
    /** Label docker/images.sh puts on the image: the Debian package version of frr. */
    public static final String VERSION_LABEL = "bgplab.frr.version";

    public static FrrImage configured() {
        String fromProperty = System.getProperty(PROPERTY);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return new FrrImage(fromProperty.strip());
        }
        String fromEnv = System.getenv(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new FrrImage(fromEnv.strip());
        }
        return new FrrImage(DEFAULT);
    }

    /** Fails with a message that says how to get the image when it is not present locally. */
    public InspectImageResponse requirePresent() {
        try {
            return Docker.client().inspectImageCmd(name).exec();
        } catch (NotFoundException e) {
            throw new IllegalStateException("FRR image '" + name + "' is not present locally and the lab never pulls; "
                    + "build it with docker/images.sh frr, or point -D" + PROPERTY + " / " + ENV + " at a local FRR image", e);
        }
    }

    /** FRR's version: the image label {@value #VERSION_LABEL} if set, else the image tag. */
    public String version() {
        Map<String, String> labels = Optional.ofNullable(requirePresent().getConfig())
                .map(c -> c.getLabels()).orElse(Map.of());
        String label = labels.get(VERSION_LABEL);
        if (label != null && !label.isBlank()) {
            return label;
        }
        int colon = name.lastIndexOf(':');
        return colon > name.lastIndexOf('/') ? name.substring(colon + 1) : "latest";
    }
}

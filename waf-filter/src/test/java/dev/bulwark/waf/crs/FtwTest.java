package dev.bulwark.waf.crs;

import java.util.List;
import java.util.Map;

/**
 * One test of the CRS regression suite (go-ftw YAML format): an id like {@code 942100-3} and its stages.
 *
 * @param file the YAML file, relative to the tests directory
 * @param ruleId the file's {@code rule_id}
 * @param id {@code <rule_id>-<test_id>}, as go-ftw names tests
 */
record FtwTest(String file, String ruleId, String id, List<Stage> stages) {

    /** One request and what must be observed for it. */
    record Stage(Input input, Output output) {}

    /**
     * The request. {@code headers} keep go-ftw's map semantics (one value per exact name); {@code data} is the body
     * after template rendering; {@code encodedRequest}, when set, is the whole raw request.
     */
    record Input(String method, String uri, String version, Map<String, String> headers, byte[] data,
            boolean autocompleteHeaders, byte[] encodedRequest) {}

    /** The expectations; null/empty fields are not checked. */
    record Output(Integer status, List<String> expectIds, List<String> noExpectIds, String matchRegex,
            String noMatchRegex, boolean expectError, boolean retryOnce) {

        static final Output NONE = new Output(null, List.of(), List.of(), null, null, false, false);
    }
}

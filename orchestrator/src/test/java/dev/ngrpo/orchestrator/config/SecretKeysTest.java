package dev.ngrpo.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which keys are secrets, and that a rendered configuration never shows their values. */
class SecretKeysTest {
  @Test
  void secretsAreNamedBySubstringByWordTokenOrByAFinalWordKey() {
    assertThat(List.of("ngrpo.spark.conf.\"spark.authenticate.secret\"",
        "ngrpo.spark.conf.\"spark.hadoop.fs.s3a.secret.key\"",
        "ngrpo.spark.conf.\"spark.hadoop.fs.s3a.access.key\"",
        "ngrpo.spark.conf.\"spark.ssl.keyStorePassword\"",
        "ngrpo.spark.conf.\"spark.hadoop.fs.s3a.session.token\"",
        "ngrpo.spark.conf.\"spark.kubernetes.authenticate.submission.oauthToken\"",
        "ngrpo.spark.conf.\"spark.security.credentials.hive.enabled\"",
        "ngrpo.spark.conf.\"spark.io.encryption.encryptionKey\"",
        "ngrpo.spark.conf.\"hf_token\"", "ngrpo.spark.conf.\"API-TOKEN\""))
        .allMatch(SecretKeys::isSecret);
    // "token" only as a word: a tokenizer and a token count are not secrets; nor is "key"
    // before the last word
    assertThat(List.of("ngrpo.model.tokenizer", "ngrpo.rollout.max-new-tokens",
        "ngrpo.spark.conf.\"spark.ssl.keyStore\"",
        "ngrpo.spark.conf.\"spark.io.encryption.keySizeBits\"", "ngrpo.data.jsonl.id-field",
        "ngrpo.spark.conf.\"spark.keystore.type\""))
        .noneMatch(SecretKeys::isSecret);
  }

  @Test
  void noKeyOfTheReferenceConfigurationIsASecret() {
    var reference = ConfigFactory.defaultReference().getConfig("ngrpo").entrySet();
    assertThat(reference).hasSizeGreaterThan(100);
    assertThat(reference).noneMatch(e -> SecretKeys.isSecret("ngrpo." + e.getKey()));
  }

  @Test
  void renderWritesEverySecretAsRedactedAndKeepsTheValueForTheRun() {
    RunConfig c = RunConfig.load(null, List.of(
        "ngrpo.spark.conf.\"spark.hadoop.fs.s3a.secret.key\"=S3CR3T-VALUE",
        "ngrpo.spark.conf.\"spark.ssl.keyStorePassword\"=PA55-VALUE",
        "ngrpo.rollout.max-new-tokens=12"));
    String rendered = c.render();
    assertThat(rendered).doesNotContain("S3CR3T-VALUE").doesNotContain("PA55-VALUE")
        .contains("\"spark.hadoop.fs.s3a.secret.key\"=\"<redacted>\"")
        .contains("\"spark.ssl.keyStorePassword\"=\"<redacted>\"")
        .contains("max-new-tokens=12");
    assertThat(c.spark().conf()).containsEntry("spark.hadoop.fs.s3a.secret.key",
        "S3CR3T-VALUE");
  }

  @Test
  void aBadValueOfASecretIsRefusedWithoutShowingIt() {
    assertThatThrownBy(() -> RunConfig.load(null,
        List.of("ngrpo.spark.conf.\"spark.authenticate.secret\"=[S3CR3T-VALUE]")))
        .hasMessageContaining("must be a single value, got <redacted>")
        .hasMessageNotContaining("S3CR3T-VALUE");
  }
}

package dev.simplepush.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicPrefixTest {

    @Test
    void aPrefixIsTheLowerCaseClassNameAndEightHexDigits() {
        assertThat(TopicPrefix.forClass(TopicPrefixTest.class)).matches("topicprefixtest-[0-9a-f]{8}-");
    }

    @Test
    void eachCallGivesAnotherPrefix() {
        assertThat(TopicPrefix.forClass(TopicPrefixTest.class)).isNotEqualTo(TopicPrefix.forClass(TopicPrefixTest.class));
    }

    @Test
    void charactersKafkaMightWarnAboutBecomeDashes() {
        class Nested_Name$With {
        }

        assertThat(TopicPrefix.forClass(Nested_Name$With.class)).matches("nested-name-with-[0-9a-f]{8}-");
    }
}

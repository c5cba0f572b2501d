package dev.simplepush.launcher.conformance;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The items of the conformance checklist (spec §16) a test method covers. {@code
 * ConformanceTableTest} checks that every item has at least one such method and that
 * {@code docs/conformance.md} names only methods that exist.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Checklist {
    /** Item numbers of spec §16, 1 to 55. */
    int[] value();
}

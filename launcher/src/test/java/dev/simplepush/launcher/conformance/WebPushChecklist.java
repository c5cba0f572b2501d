package dev.simplepush.launcher.conformance;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The items of the Web Push checklist (webpush.md W8) a test method covers. {@code
 * ConformanceTableTest} checks that every item has at least one such method and that the Web Push
 * table of {@code docs/conformance.md} names only methods that exist.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WebPushChecklist {
    /** Item numbers of W8, 1 to 31. */
    int[] value();
}

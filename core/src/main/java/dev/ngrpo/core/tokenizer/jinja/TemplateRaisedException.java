package dev.ngrpo.core.tokenizer.jinja;

/**
 * What a template's {@code raise_exception(message)} throws: the template itself refuses the
 * messages (e.g. Gemma's "System role not supported"), as jinja2's {@code TemplateError} does
 * under transformers. {@link JinjaEngine} finds it under Jinjava's wrapping and reports the
 * template's own message.
 */
final class TemplateRaisedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TemplateRaisedException(String message) {
    super(message);
  }
}

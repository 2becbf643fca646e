/**
 * The command line (bin/ngrpo and the application jar's main class): every command, product and
 * lab, registered in one place, above both. Commands parse options and delegate.
 */
package dev.ngrpo.cli;

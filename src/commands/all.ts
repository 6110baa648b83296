// Imports every command module once, so each registers its handlers with the registry.
import './owner';
import './digest';
import './report';
import './confirm';

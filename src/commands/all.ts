// Imports every command module once, so each registers its handlers with the registry.
import './help';
import './plan';
import './benefit';
import './admin';
import './owner';
import './digest';
import './report';
import './confirm';

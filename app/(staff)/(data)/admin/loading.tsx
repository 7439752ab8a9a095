export { default } from '../../staff-loading';
